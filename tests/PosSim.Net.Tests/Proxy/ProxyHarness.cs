using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Client;
using PosSim.Net.Proxy;
using PosSim.Net.Proxy.Faults;
using PosSim.Net.Server;
using PosSim.Simulation.Terminals;

namespace PosSim.Net.Tests.Proxy;

/// <summary>
/// A real switch stand-in (an <see cref="IsoServer"/> that approves and records what reached it), the fault proxy in
/// front of it and a real <see cref="IsoClient"/> behind it, all on 127.0.0.1 with free ports.
/// </summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private ProxyHarness(FaultTable faults) => Faults = faults;

    public FaultTable Faults { get; }

    public FaultProxy Proxy { get; private set; } = null!;

    public IsoServer Server { get; private set; } = null!;

    /// <summary>Requests that reached the server, in arrival order: (MTI, STAN).</summary>
    public ConcurrentQueue<(string Mti, int Stan)> Received { get; } = new();

    /// <summary>Every hit the proxy logged, in order, and each as its NDJSON line.</summary>
    public ConcurrentQueue<FaultHit> Hits { get; } = new();

    public StringWriter HitLines { get; } = new();

    public static async Task<ProxyHarness> StartAsync(IEnumerable<FaultSpec>? faults = null, int seed = 7, EndPoint? upstream = null, MessageFraming? framing = null)
    {
        framing ??= Defaults.Framing;
        var harness = new ProxyHarness(new FaultTable(faults));
        if (upstream is null)
        {
            harness.Server = await TestSupport.StartServerAsync(new DelegateRequestHandler((request, _) =>
            {
                harness.Received.Enqueue((request.Message.Mti!, request.Message.Stan ?? -1));
                return ValueTask.FromResult<IsoMessage?>(TestSupport.Approved(request));
            }), configure: o => o.Framing = framing);
            harness._owned.Add(harness.Server);
            upstream = harness.Server.EndPoint;
        }

        var log = new FaultHitLog(TextWriter.Synchronized(harness.HitLines));
        log.Written += harness.Hits.Enqueue;
        harness.Proxy = new FaultProxy(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = upstream,
            Faults = harness.Faults,
            HitLog = log,
            Seed = seed,
            Framing = framing,
            HalfCloseTimeout = TimeSpan.FromSeconds(5),
        });
        await harness.Proxy.StartAsync();
        harness._owned.Insert(0, harness.Proxy);
        return harness;
    }

    public async Task<IsoClient> ConnectAsync(TimeSpan? timeout = null)
    {
        var client = await IsoClient.ConnectAsync(new IsoClientOptions
        {
            EndPoint = Proxy.EndPoint,
            DefaultTimeout = timeout ?? TimeSpan.FromSeconds(5),
            Reconnect = false,
        });
        _owned.Insert(0, client);
        return client;
    }

    public async Task<Socket> ConnectRawAsync(CancellationToken ct)
    {
        var socket = await TestSupport.ConnectRawAsync(Proxy.EndPoint, ct);
        _owned.Insert(0, new SocketOwner(socket));
        return socket;
    }

    public static IsoMessage Purchase(int stan, string terminal = "TERM0001", long amount = 1000) => TestSupport.Purchase(stan, terminal, amount);

    public static IsoMessage Reversal(int stan) => TerminalMessages.Reversal(Purchase(stan));

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private sealed class SocketOwner(Socket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
