using System.IO.Pipelines;
using System.Net;

namespace PosSim.Net.Transport;

/// <summary>
/// The two pipes behind a connection. The transport writes what arrives into <see cref="Inbound"/> and sends
/// what the application writes to <see cref="Outbound"/>; the application sees only their other ends.
/// </summary>
internal abstract class PipeConnection : ITransportConnection
{
    private int _aborted;

    protected PipeConnection(PipeOptions inbound, PipeOptions outbound, EndPoint? local, EndPoint? remote)
    {
        Inbound = new Pipe(inbound);
        Outbound = new Pipe(outbound);
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public PipeReader Input => Inbound.Reader;

    public PipeWriter Output => Outbound.Writer;

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    protected Pipe Inbound { get; }

    protected Pipe Outbound { get; }

    protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        // Wake whichever loop is parked so it notices the abort; both calls are safe from any thread.
        Outbound.Reader.CancelPendingRead();
        Inbound.Writer.CancelPendingFlush();
        OnAbort();
    }

    public abstract ValueTask DisposeAsync();

    protected abstract void OnAbort();

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="timeout"/>; true when it finished.</summary>
    protected static async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // The loops report their own failures through the pipes; here only completion matters.
            return true;
        }
    }
}
