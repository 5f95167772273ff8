using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PosSim.Net.Server;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests;

/// <summary>
/// One remote address holds at most <see cref="IsoServerOptions.MaxConnectionsPerAddress"/> connections: the next is
/// closed at once, takes no place from other addresses, and is warned about once per interval, not once per try.
/// </summary>
public class PerAddressLimitTests
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_connection_beyond_the_per_address_limit_is_closed_at_once_while_those_under_it_keep_being_answered()
    {
        using var cts = TestSupport.Bound();
        var logger = new RecordingLogger();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            o.MaxConnectionsPerAddress = 3;
            o.FirstMessageTimeout = Timeout.InfiniteTimeSpan; // the hog below never speaks; this test is about places
            o.RepeatedWarningInterval = TimeSpan.FromHours(1);
            o.Logger = logger;
        });
        await using var terminal = await TestSupport.ConnectAsync(server, ct: cts.Token);
        await using var neighbour = await TestSupport.ConnectAsync(server, ct: cts.Token);
        var hog = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        Assert.Equal("00", (await terminal.SendAsync(TestSupport.Purchase(1), cancellationToken: cts.Token)).ResponseCode);
        await Poll.UntilAsync(() => server.ConnectionsFrom(IPAddress.Loopback) == 3, "three connections from 127.0.0.1", cts.Token);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(await AbuseSupport.ConnectAndSeeClosedAsync(server.EndPoint, Watch, cts.Token), $"extra connection {i + 1} is closed at once");
        }

        await Poll.UntilAsync(() => server.Stats.ConnectionsRefusedPerAddress == 4, "four refusals counted", cts.Token);
        Assert.Equal("00", (await terminal.SendAsync(TestSupport.Purchase(2), cancellationToken: cts.Token)).ResponseCode);
        Assert.Equal("00", (await neighbour.SendAsync(TestSupport.Purchase(3), cancellationToken: cts.Token)).ResponseCode);
        Assert.Equal(0, server.Stats.ConnectionsRejected);
        Assert.Equal(3, server.ActiveConnections);

        // Four refusals, one line: an attacker retrying in a loop cannot flood the log.
        var warnings = logger.Entries.Where(e => e.Id.Id == 11).ToArray();
        Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warnings[0].Level);
        Assert.Contains("127.0.0.1", warnings[0].Message, StringComparison.Ordinal);

        // A place given back can be taken again.
        hog.Dispose();
        await Poll.UntilAsync(() => server.ConnectionsFrom(IPAddress.Loopback) == 2, "the hog's place is given back", cts.Token);
        await using var late = await TestSupport.ConnectAsync(server, ct: cts.Token);
        Assert.Equal("00", (await late.SendAsync(TestSupport.Purchase(4), cancellationToken: cts.Token)).ResponseCode);
    }

    [Fact]
    public async Task An_address_at_its_limit_takes_no_place_from_a_terminal_on_another_address()
    {
        var other = IPAddress.Parse("127.0.0.2");
        var third = IPAddress.Parse("127.0.0.3");
        if (!AbuseSupport.CanBind(other) || !AbuseSupport.CanBind(third))
        {
            return; // only 127.0.0.1 answers on this machine's loopback (not Linux): the test above covers one address
        }

        using var cts = TestSupport.Bound();
        await using var server = await TestSupport.StartServerAsync(TestSupport.Approve(), configure: o =>
        {
            o.MaxConnections = 3;
            o.MaxConnectionsPerAddress = 2;
            o.FirstMessageTimeout = Timeout.InfiniteTimeSpan;
        });
        using var hog1 = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        using var hog2 = await TestSupport.ConnectRawAsync(server.EndPoint, cts.Token);
        await Poll.UntilAsync(() => server.ActiveConnections == 2, "the hog's two connections", cts.Token);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await AbuseSupport.ConnectAndSeeClosedAsync(server.EndPoint, Watch, cts.Token), "the hog's next connection is closed");
        }

        // The third and last place is still free for a terminal on another address.
        using var terminal = await AbuseSupport.ConnectFromAsync(server.EndPoint, other, cts.Token);
        await terminal.SendAsync(TestSupport.Frame(TestSupport.Purchase(7)), SocketFlags.None, cts.Token);
        var (_, response) = await TestSupport.ReadFrameAsync(terminal, cts.Token);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(5, server.Stats.ConnectionsRefusedPerAddress);
        Assert.Equal(0, server.Stats.ConnectionsRejected);

        // Now the server is full: the next address is refused for capacity, not for its own count.
        Assert.True(await AbuseSupport.ConnectAndSeeClosedAsync(server.EndPoint, Watch, cts.Token, from: third));
        await Poll.UntilAsync(() => server.Stats.ConnectionsRejected == 1, "a refusal for capacity", cts.Token);
        Assert.Equal(5, server.Stats.ConnectionsRefusedPerAddress);
        Assert.Equal(0, server.ConnectionsFrom(third));
    }

    [Fact]
    public void IPv4_clients_of_a_dual_stack_listener_count_under_their_IPv4_address()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 4000);

        Assert.Equal(IPAddress.Parse("10.1.2.3"), AddressLimiter.AddressOf(mapped));
        Assert.Equal(IPAddress.IPv6Loopback, AddressLimiter.AddressOf(new IPEndPoint(IPAddress.IPv6Loopback, 1)));
        Assert.Null(AddressLimiter.AddressOf(new DnsEndPoint("terminal", 1)));
    }

    [Fact]
    public void Refusals_from_one_address_are_warned_about_once_per_interval_with_the_count_held_back()
    {
        var clock = new FakeTimeProvider();
        var limiter = new AddressLimiter(2, clock, TimeSpan.FromMinutes(1));
        var address = IPAddress.Parse("192.0.2.7");
        Assert.True(limiter.TryTake(address, out _, out _));
        Assert.True(limiter.TryTake(address, out _, out _));

        var said = new List<(bool Warn, long Suppressed)>();
        for (var i = 0; i < 4; i++)
        {
            Assert.False(limiter.TryTake(address, out var warn, out var suppressed));
            said.Add((warn, suppressed));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(limiter.TryTake(address, out var later, out var heldBack));

        Assert.Equal([(true, 0L), (false, 0L), (false, 0L), (false, 0L)], said);
        Assert.True(later);
        Assert.Equal(3, heldBack);

        // Another address is not affected, and an address whose connections all closed leaves no entry behind.
        Assert.True(limiter.TryTake(IPAddress.Parse("192.0.2.8"), out _, out _));
        limiter.Release(address);
        limiter.Release(address);
        Assert.Equal(0, limiter.OpenFrom(address));
        Assert.True(limiter.TryTake(address, out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(86_400)]
    public void A_warning_goes_through_once_per_interval_however_long_and_says_how_many_were_held_back(int seconds)
    {
        var clock = new FakeTimeProvider();
        var throttle = new Internal.WarningThrottle(clock, TimeSpan.FromSeconds(seconds));

        var first = throttle.TryEnter(out var none);
        var held = Enumerable.Range(0, 3).Select(i => throttle.TryEnter(out _)).ToArray();
        clock.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
        var early = throttle.TryEnter(out _);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var next = throttle.TryEnter(out var heldBack);

        Assert.True(first);
        Assert.Equal(0, none);
        Assert.Equal([false, false, false], held);
        Assert.False(early);
        Assert.True(next);
        Assert.Equal(4, heldBack);
    }

    [Property(MaxTest = 200)]
    public Property No_address_ever_holds_more_than_the_limit_and_every_release_gives_a_place_back(NonEmptyArray<int> operations, PositiveInt limit)
    {
        var max = (limit.Get % 4) + 1;
        var limiter = new AddressLimiter(max, new FakeTimeProvider(), TimeSpan.FromMinutes(1));
        var addresses = new[] { IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2"), IPAddress.Parse("2001:db8::1") };
        var model = new int[addresses.Length];
        foreach (var operation in operations.Get)
        {
            var which = (operation & 0x7FFF_FFFF) % addresses.Length;
            if (operation % 3 == 0 && model[which] > 0)
            {
                limiter.Release(addresses[which]);
                model[which]--;
            }
            else
            {
                var taken = limiter.TryTake(addresses[which], out _, out _);
                if (taken != (model[which] < max))
                {
                    return false.Label($"address {which} with {model[which]} open of {max}: taken = {taken}");
                }

                model[which] += taken ? 1 : 0;
            }
        }

        return addresses.Select((a, i) => limiter.OpenFrom(a) == model[i]).All(ok => ok).Label("the open counts match the model");
    }
}
