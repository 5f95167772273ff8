using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;

namespace PosSim.Benchmarks.Transport;

/// <summary>
/// The ceiling: the same transport and framing as <see cref="PosSim.Net.Server.IsoServer"/>, but every frame is
/// written back byte for byte (no decode, no handler, no encode, no writer queue). One flush per read batch.
/// </summary>
public sealed class RawEchoServer : IAsyncDisposable
{
    private readonly IConnectionListener _listener;
    private readonly MessageFraming _framing;
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();

    private RawEchoServer(IConnectionListener listener, MessageFraming framing)
    {
        _listener = listener;
        _framing = framing;
        _accepting = AcceptLoopAsync();
    }

    public EndPoint EndPoint => _listener.EndPoint;

    public static async Task<RawEchoServer> StartAsync(ITransport transport, EndPoint endPoint, MessageFraming framing) =>
        new(await transport.BindAsync(endPoint), framing);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _accepting;
        Task[] running;
        lock (_gate)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        for (var i = 0; i < 1_000_000; i++)
        {
            var connection = await _listener.AcceptAsync();
            if (connection is null)
            {
                return;
            }

            lock (_gate)
            {
                _connections.Add(EchoAsync(connection));
            }
        }
    }

    private async Task EchoAsync(ITransportConnection connection)
    {
        await Task.Yield();
        var input = connection.Input;
        var output = connection.Output;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync();
                var buffer = read.Buffer;
                var echoed = 0;
                while (true)
                {
                    var start = buffer;
                    var status = _framing.TryReadFrame(ref buffer, out _, out _);
                    if (status != FrameStatus.Complete)
                    {
                        if (status == FrameStatus.Invalid)
                        {
                            return;
                        }

                        break;
                    }

                    foreach (var segment in start.Slice(0, buffer.Start))
                    {
                        output.Write(segment.Span);
                    }

                    echoed++;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (echoed > 0 && (await output.FlushAsync()).IsCompleted)
                {
                    return;
                }

                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception)
        {
            // A client that went away mid-run; the benchmark counts its own errors.
        }
        finally
        {
            await output.CompleteAsync();
            await connection.DisposeAsync();
        }
    }
}
