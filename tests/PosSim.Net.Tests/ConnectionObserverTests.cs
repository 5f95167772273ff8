using System.Collections.Concurrent;
using PosSim.Iso8583;
using PosSim.Net.Server;

namespace PosSim.Net.Tests;

/// <summary>
/// A handler that keeps something per connection (the switch binds a terminal to the connection it signed on from)
/// hears where each request came from and when that connection has gone.
/// </summary>
public class ConnectionObserverTests
{
    [Fact]
    public async Task A_request_names_its_connection_and_peer_address_and_the_handler_hears_the_close_after_the_last_answer()
    {
        using var cts = TestSupport.Bound();
        var handler = new Observer();
        await using var server = await TestSupport.StartServerAsync(handler);
        long connection;
        await using (var client = await TestSupport.ConnectAsync(server, ct: cts.Token))
        {
            Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);
            Assert.Equal("00", (await client.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
            var seen = handler.Seen.ToArray();
            Assert.Equal(2, seen.Length);
            Assert.All(seen, s => Assert.Equal("127.0.0.1", s.Address));
            Assert.Single(seen.Select(s => s.Connection).Distinct());
            connection = seen[0].Connection;
        }

        var closed = await handler.Closed.Task.WaitAsync(cts.Token);
        Assert.Equal(connection, closed);
        Assert.Equal(2, handler.AnsweredBeforeClose);
    }

    private sealed class Observer : IIsoRequestHandler, IConnectionObserver
    {
        private int _answered;

        public ConcurrentQueue<(long Connection, string? Address)> Seen { get; } = new();

        public TaskCompletionSource<long> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int AnsweredBeforeClose { get; private set; }

        public ValueTask<IsoMessage?> HandleAsync(IsoRequest request, CancellationToken cancellationToken)
        {
            Seen.Enqueue((request.ConnectionId, request.RemoteAddress));
            Interlocked.Increment(ref _answered);
            return ValueTask.FromResult<IsoMessage?>(TestSupport.Approved(request));
        }

        public void OnConnectionClosed(long connectionId)
        {
            AnsweredBeforeClose = Volatile.Read(ref _answered);
            Closed.TrySetResult(connectionId);
        }
    }
}
