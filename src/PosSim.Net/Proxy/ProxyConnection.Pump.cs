using System.Buffers;
using System.IO.Pipelines;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Messaging;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>Reading one direction: split the stream into frames, find the message fault that acts on each, queue what goes on.</summary>
internal sealed partial class ProxyConnection
{
    private async Task PumpAsync(PipeReader input, FaultDirection direction, DirectionWriter forward, DirectionWriter back, Random random)
    {
        await Task.Yield();
        var framing = Options.Framing;
        var message = new IsoMessage();
        var reply = new IsoMessage();
        var header = new byte[framing.HeaderLength];
        var inSync = true;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (inSync)
                {
                    var start = buffer;
                    var status = framing.TryReadFrame(ref buffer, out var frame, out var error);
                    if (status == FrameStatus.Incomplete)
                    {
                        break;
                    }

                    if (status == FrameStatus.Invalid)
                    {
                        // Not ours to judge: pass the rest through unframed and let the peer decide what it is.
                        Options.Logger.LogProxyOutOfSync(Id, direction, error.ToString());
                        inSync = false;
                        break;
                    }

                    var raw = start.Slice(0, buffer.Start);
                    OnFrame(raw, frame, direction, forward, back, random, message, reply, header);
                }

                if (!inSync && !buffer.IsEmpty)
                {
                    forward.Enqueue(Copy(buffer), FrameInfo.None, Options.TimeProvider.GetTimestamp());
                    buffer = buffer.Slice(buffer.End);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                    {
                        // The peer closed mid-frame: what it sent still goes on, as a plain proxy would send it.
                        forward.Enqueue(Copy(buffer), FrameInfo.None, Options.TimeProvider.GetTimestamp());
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The peer reset: the other side is closed below as if it had closed.
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            forward.InputEnded();
        }
    }

    private void OnFrame(ReadOnlySequence<byte> raw, Frame frame, FaultDirection direction, DirectionWriter forward, DirectionWriter back, Random random, IsoMessage message, IsoMessage reply, byte[] header)
    {
        var now = Options.TimeProvider.GetTimestamp();
        ProxyMetrics.Frame(direction);
        var faults = Options.Faults.Current;
        if (faults.Length == 0)
        {
            forward.Enqueue(Copy(raw), FrameInfo.None, now);
            return;
        }

        // Faults exist: decode to match and to log. A frame that does not decode meets transport faults only.
        var decoded = Options.Codec.TryDecode(frame.Message, message, out _);
        var info = decoded ? FrameInfo.Of(message) : FrameInfo.None;
        if (decoded)
        {
            foreach (var fault in faults)
            {
                var spec = fault.Spec;
                if (spec.Kind.IsTransport() || spec.Direction != direction || !fault.HasUsesLeft || !Applies(fault) || !Matches(spec, message, random) || !fault.TryTake())
                {
                    continue;
                }

                frame.Header.CopyTo(header);
                Act(fault, raw, message, reply, header, info, forward, back, now);
                return;
            }
        }

        forward.Enqueue(Copy(raw), info, now);
    }

    /// <summary>Does what <paramref name="fault"/> says with the frame (the first message fault that matches it decides).</summary>
    private void Act(ActiveFault fault, ReadOnlySequence<byte> raw, IsoMessage message, IsoMessage reply, byte[] header, FrameInfo info, DirectionWriter forward, DirectionWriter back, long now)
    {
        var spec = fault.Spec;
        switch (spec.Kind)
        {
            case FaultKind.Drop:
                Hit(fault, info, "dropped");
                break;
            case FaultKind.Delay:
                Hit(fault, info, $"delayed {spec.DelayMs} ms");
                forward.Schedule(Copy(raw), info, TimeSpan.FromMilliseconds(spec.DelayMs));
                break;
            case FaultKind.HoldReversal:
                Hit(fault, info, $"held {spec.Seconds} s");
                forward.Schedule(Copy(raw), info, TimeSpan.FromSeconds(spec.Seconds));
                break;
            case FaultKind.Duplicate:
                Hit(fault, info, spec.Copies == 1 ? "sent twice" : $"sent {spec.Copies + 1} times");
                for (var i = 0; i <= spec.Copies; i++)
                {
                    forward.Enqueue(Copy(raw), info, now);
                }

                break;
            case FaultKind.Corrupt:
                Corrupt(fault, raw, message, header, info, forward, now);
                break;
            case FaultKind.StandIn:
                StandIn(fault, raw, message, reply, header, info, forward, back, now);
                break;
        }
    }

    private void Corrupt(ActiveFault fault, ReadOnlySequence<byte> raw, IsoMessage message, byte[] header, FrameInfo info, DirectionWriter forward, long now)
    {
        var change = FieldCorruption.Apply(fault.Spec, message);
        var buffer = FrameBuffer.Rent();
        if (!Options.Framing.TryWriteFrame(buffer, header, Options.Codec, message, out var error))
        {
            FrameBuffer.Return(buffer);
            Hit(fault, info, $"{change}, but the message no longer encodes ({error}); forwarded untouched");
            forward.Enqueue(Copy(raw), info, now);
            return;
        }

        Hit(fault, info, change);
        forward.Enqueue(buffer, info, now);
    }

    private void StandIn(ActiveFault fault, ReadOnlySequence<byte> raw, IsoMessage request, IsoMessage reply, byte[] header, FrameInfo info, DirectionWriter forward, DirectionWriter back, long now)
    {
        Replies.Begin(request, reply, [.. Options.StandInEchoFields]);
        reply.ResponseCode = fault.Spec.ResponseCode;
        Span<byte> replyHeader = stackalloc byte[header.Length];
        Options.ResponseHeader(header, replyHeader);
        var buffer = FrameBuffer.Rent();
        if (!MessageTypes.IsRequest(request.MtiBytes) || !Options.Framing.TryWriteFrame(buffer, replyHeader, Options.Codec, reply, out var error))
        {
            // A response or an answer that cannot be encoded: nothing sensible to stand in with.
            FrameBuffer.Return(buffer);
            Hit(fault, info, "cannot answer this message; forwarded untouched");
            forward.Enqueue(Copy(raw), info, now);
            return;
        }

        Hit(fault, info, $"answered {reply.Mti} with 39={fault.Spec.ResponseCode} in place of the upstream; request not forwarded");
        back.Enqueue(buffer, FrameInfo.Of(reply), now);
    }

    private static bool Matches(FaultSpec spec, IsoMessage message, Random random)
    {
        var match = spec.Match;
        if (spec.Kind == FaultKind.HoldReversal && !message.MtiBytes.StartsWith("04"u8))
        {
            return false;
        }

        if (match.IsAny)
        {
            return true;
        }

        if (match.Mti.Count > 0 && !match.Mti.Contains(MessageTypes.Of(message)))
        {
            return false;
        }

        if (match.ProcessingCode is { } code && !(message.ProcessingCode?.StartsWith(code, StringComparison.Ordinal) ?? false))
        {
            return false;
        }

        if ((match.AmountMin is not null || match.AmountMax is not null)
            && (message.AmountMinor is not { } amount || amount < (match.AmountMin ?? 0) || amount > (match.AmountMax ?? long.MaxValue)))
        {
            return false;
        }

        if (match.Terminal is { } terminal && !string.Equals(message.TerminalId?.TrimEnd(), terminal, StringComparison.Ordinal))
        {
            return false;
        }

        if (match.Stan is { } stan && message.Stan != stan)
        {
            return false;
        }

        // The draw comes last, so frames that fail the other conditions do not use up the generator's sequence.
        return match.Probability is not { } p || random.NextDouble() < p;
    }

    private static FrameBuffer Copy(ReadOnlySequence<byte> bytes)
    {
        var buffer = FrameBuffer.Rent();
        var length = checked((int)bytes.Length);
        bytes.CopyTo(buffer.GetSpan(length));
        buffer.Advance(length);
        return buffer;
    }
}
