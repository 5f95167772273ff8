using System.Buffers;
using System.IO.Pipelines;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Messaging;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

public class FramedMessageReaderTests
{
    [Property(MaxTest = 100)]
    public Property Frames_split_anywhere_are_read_whole_and_in_order(NonEmptyArray<PositiveInt> stans, PositiveInt seed)
    {
        var expected = stans.Get.Select(s => (s.Get % 999999) + 1).Take(20).ToArray();
        var stream = expected.SelectMany(s => TestSupport.Frame(TestSupport.Purchase(s))).ToArray();

        // Cut the stream at random points and feed it one piece at a time, as TCP may deliver it.
        var random = new Random(seed.Get);
        var chunks = new List<byte[]>();
        for (var at = 0; at < stream.Length;)
        {
            var size = Math.Min(stream.Length - at, random.Next(1, 40));
            chunks.Add(stream[at..(at + size)]);
            at += size;
        }

        var reader = new FramedMessageReader(new Pipe().Reader, Defaults.Framing, TestSupport.Codec);
        var got = new List<int>();
        var message = new IsoMessage();
        var arrived = new List<byte[]>();
        long consumedBytes = 0;
        foreach (var chunk in chunks)
        {
            arrived.Add(chunk);
            var buffer = SequenceBuilder.FromSegments(arrived).Slice(consumedBytes);
            while (true)
            {
                var consumed = buffer.Start;
                var examined = buffer.End;
                if (!reader.TryParseMessage(buffer, ref consumed, ref examined, message, [], out var result))
                {
                    break;
                }

                if (result.Status != ReadStatus.Message)
                {
                    return false.Label(result.ToString());
                }

                got.Add(message.Stan!.Value);
                consumedBytes += buffer.Slice(0, consumed).Length;
                buffer = buffer.Slice(consumed);
            }
        }

        return got.SequenceEqual(expected).Label($"got {string.Join(",", got)}");
    }

    [Fact]
    public async Task A_stream_of_frames_in_one_buffer_is_read_one_frame_per_call()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(TestSupport.Frame(TestSupport.Purchase(1)).Concat(TestSupport.Frame(TestSupport.Purchase(2))).ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new FramedMessageReader(pipe.Reader, Defaults.Framing, TestSupport.Codec);
        var message = new IsoMessage();
        Assert.Equal(ReadStatus.Message, (await reader.ReadAsync(message, Memory<byte>.Empty)).Status);
        Assert.Equal(1, message.Stan);
        Assert.Equal(ReadStatus.Message, (await reader.ReadAsync(message, Memory<byte>.Empty)).Status);
        Assert.Equal(2, message.Stan);
        Assert.Equal(ReadStatus.Closed, (await reader.ReadAsync(message, Memory<byte>.Empty)).Status);
    }

    [Fact]
    public async Task A_length_header_over_the_maximum_is_invalid_before_the_body_arrives()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0xFF, 0xFF, 0x30 });
        var reader = new FramedMessageReader(pipe.Reader, Defaults.Framing, TestSupport.Codec);
        var result = await reader.ReadAsync(new IsoMessage(), Memory<byte>.Empty).AsTask().WaitAsync(TestSupport.TestTimeout);
        Assert.Equal(ReadStatus.InvalidFrame, result.Status);
        Assert.Contains("maximum frame size", result.FrameError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_frame_is_truncated()
    {
        var pipe = new Pipe();
        var frame = TestSupport.Frame(TestSupport.Purchase(1));
        await pipe.Writer.WriteAsync(frame.AsMemory(0, frame.Length - 3));
        await pipe.Writer.CompleteAsync();
        var reader = new FramedMessageReader(pipe.Reader, Defaults.Framing, TestSupport.Codec);
        var result = await reader.ReadAsync(new IsoMessage(), Memory<byte>.Empty);
        Assert.Equal(ReadStatus.Truncated, result.Status);
        Assert.Equal(frame.Length - 3, result.TruncatedBytes);
    }

    [Fact]
    public async Task A_bad_field_is_a_decode_error_that_keeps_the_mti_stan_and_terminal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(BadAmountFrame(42, "TERM0042"));
        var reader = new FramedMessageReader(pipe.Reader, Defaults.Framing, TestSupport.Codec);
        var message = new IsoMessage();
        var result = await reader.ReadAsync(message, Memory<byte>.Empty).AsTask().WaitAsync(TestSupport.TestTimeout);
        Assert.Equal(ReadStatus.DecodeError, result.Status);
        Assert.Equal(4, result.DecodeError.Field);
        Assert.Equal("0200", message.Mti);
        Assert.Equal(42, message.Stan);
        Assert.Equal("TERM0042", message.TerminalId);
    }

    [Fact]
    public void Framing_none_is_refused_for_streams() =>
        Assert.Throws<ArgumentException>(() => new FramedMessageReader(new Pipe().Reader, MessageFraming.Parse("none"), TestSupport.Codec));

    /// <summary>A purchase frame whose field 4 (n 12) carries letters.</summary>
    internal static byte[] BadAmountFrame(int stan, string terminal, string mti = "0200")
    {
        var message = TestSupport.Purchase(stan, terminal, amount: 123456789);
        message.Mti = mti;
        var payload = TestSupport.Codec.Encode(message);
        var amount = "000123456789"u8;
        var at = payload.AsSpan().IndexOf(amount);
        Assert.True(at > 0);
        "0001234567AB"u8.CopyTo(payload.AsSpan(at));
        return RawFrames.Binary2(payload);
    }
}
