using PosSim.Net.Client;
using PosSim.Net.Proxy.Faults;
using PosSim.Tests.Shared;

namespace PosSim.Net.Tests.Proxy;

/// <summary>Message faults through the proxy, with a real client and server on loopback: each acts on exactly the frames it matches.</summary>
public sealed class MessageFaultTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task Drop_response_loses_exactly_the_matching_answer()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "lose-2", Kind = FaultKind.Drop, Direction = FaultDirection.Downstream, Match = new MessageMatch { Stan = 2 } }]);
        var client = await h.ConnectAsync(Short);

        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(1))).ResponseCode);
        await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(ProxyHarness.Purchase(2)));
        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(3))).ResponseCode);

        // The request did reach the switch: only its answer was lost.
        Assert.Equal([1, 2, 3], h.Received.Select(r => r.Stan));
        var hit = Assert.Single(h.Hits);
        Assert.Equal(("lose-2", "0210", "000002", "dropped"), (hit.Fault, hit.Frame.Mti, hit.Frame.Stan, hit.Action));
        Assert.Null(hit.Frame.MaskedPan); // the answer carries no card number
    }

    [Fact]
    public async Task Drop_request_never_reaches_the_switch()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "lose", Kind = FaultKind.Drop, Direction = FaultDirection.Upstream, Match = new MessageMatch { Mti = ["0200"], Terminal = "TERM0002" } }]);
        var client = await h.ConnectAsync(Short);

        await client.SendAsync(ProxyHarness.Purchase(1, "TERM0001"));
        await Assert.ThrowsAsync<IsoTimeoutException>(() => client.SendAsync(ProxyHarness.Purchase(2, "TERM0002")));
        await client.SendAsync(ProxyHarness.Purchase(3, "TERM0001"));

        Assert.Equal([1, 3], h.Received.Select(r => r.Stan));
        var hit = Assert.Single(h.Hits);
        Assert.Equal(("0200", "TERM0002", "621234******1234"), (hit.Frame.Mti, hit.Frame.Terminal, hit.Frame.MaskedPan));
        Assert.DoesNotContain("6212345678901234", h.HitLines.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_response_answers_late_and_says_so()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "slow", Kind = FaultKind.Delay, Direction = FaultDirection.Downstream, DelayMs = 300, Match = new MessageMatch { Mti = ["0210"] } }]);
        var client = await h.ConnectAsync();

        var started = DateTime.UtcNow;
        Assert.Equal("00", (await client.SendAsync(ProxyHarness.Purchase(5))).ResponseCode);

        // A lower bound only: the delay happened. How fast anything else ran is not asserted.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(290));
        Assert.Equal("delayed 300 ms", Assert.Single(h.Hits).Action);
    }

    [Fact]
    public async Task Duplicate_request_reaches_the_switch_twice_and_the_second_answer_is_unmatched()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "twice", Kind = FaultKind.Duplicate, Direction = FaultDirection.Upstream, Match = new MessageMatch { Stan = 9 } }]);
        var client = await h.ConnectAsync();
        var unmatched = 0;
        client.UnmatchedResponse += (_, _) => Interlocked.Increment(ref unmatched);

        await client.SendAsync(ProxyHarness.Purchase(9));

        await Poll.UntilAsync(() => h.Received.Count == 2 && Volatile.Read(ref unmatched) == 1, "the copy to reach the switch and its answer to come back", TimeSpan.FromSeconds(5));
        Assert.All(h.Received, r => Assert.Equal(9, r.Stan));
        Assert.Equal("sent twice", Assert.Single(h.Hits).Action);
    }

    [Fact]
    public async Task Corrupt_sets_a_field_of_the_answer()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "decline", Kind = FaultKind.Corrupt, Direction = FaultDirection.Downstream, Field = 39, Value = "05" }]);
        var client = await h.ConnectAsync();

        Assert.Equal("05", (await client.SendAsync(ProxyHarness.Purchase(1))).ResponseCode);
        Assert.Equal("field 39 set to '05' (was '00')", Assert.Single(h.Hits).Action);
    }

    [Fact]
    public async Task Corrupt_garbles_the_amount_of_a_request_and_never_logs_card_data()
    {
        await using var h = await ProxyHarness.StartAsync(
        [
            new FaultSpec { Name = "amount", Kind = FaultKind.Corrupt, Direction = FaultDirection.Upstream, Field = 4, Match = new MessageMatch { Stan = 1 } },
            new FaultSpec { Name = "pan", Kind = FaultKind.Corrupt, Direction = FaultDirection.Upstream, Field = 2, Match = new MessageMatch { Stan = 2 } },
        ]);
        var client = await h.ConnectAsync();

        var response = await client.SendAsync(ProxyHarness.Purchase(1, amount: 1000));
        await client.SendAsync(ProxyHarness.Purchase(2));

        // The approving server echoes field 4: the switch saw 111111112111 where the terminal sent 000000001000.
        Assert.Equal("111111112111", response.GetString(4));
        Assert.Equal(["amount", "pan"], h.Hits.Select(x => x.Fault));
        Assert.DoesNotContain("6212345678901234", h.HitLines.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("7212345678901234", h.HitLines.ToString(), StringComparison.Ordinal);
        Assert.Contains("(card data, not shown)", h.Hits.Last().Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_reversal_holds_only_reversals_and_then_sends_them()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "hold", Kind = FaultKind.HoldReversal, Direction = FaultDirection.Upstream, Seconds = 1 }]);
        var client = await h.ConnectAsync();

        await client.SendAsync(ProxyHarness.Purchase(4));
        var started = DateTime.UtcNow;
        Assert.Equal("0410", (await client.SendAsync(ProxyHarness.Reversal(4))).Mti);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(990));
        Assert.Equal([("0200", 4), ("0400", 4)], h.Received);
        var hit = Assert.Single(h.Hits);
        Assert.Equal(("0400", "held 1 s"), (hit.Frame.Mti, hit.Action));
    }

    [Fact]
    public async Task Stand_in_answers_in_place_of_the_upstream_with_the_chosen_code()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "issuer-down", Kind = FaultKind.StandIn, ResponseCode = "91", Direction = FaultDirection.Upstream, Match = new MessageMatch { AmountMin = 50_000, AmountMax = 100_000 } }]);
        var client = await h.ConnectAsync();

        var small = await client.SendAsync(ProxyHarness.Purchase(1, amount: 49_999));
        var request = ProxyHarness.Purchase(2, amount: 50_000);
        var big = await client.SendAsync(request);

        Assert.Equal("00", small.ResponseCode);
        Assert.Equal(("0210", "91"), (big.Mti, big.ResponseCode));
        foreach (var field in new[] { 3, 4, 11, 41, 42 })
        {
            Assert.Equal(request.GetString(field), big.GetString(field));
        }

        Assert.Equal([1], h.Received.Select(r => r.Stan));
        Assert.StartsWith("answered 0210 with 39=91", Assert.Single(h.Hits).Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processing_code_and_times_limit_which_frames_are_hit()
    {
        await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "first-purchase", Kind = FaultKind.Corrupt, Field = 39, Value = "51", Direction = FaultDirection.Downstream, Times = 1, Match = new MessageMatch { ProcessingCode = "00" } }]);
        var client = await h.ConnectAsync();

        var codes = new List<string?>();
        for (var stan = 1; stan <= 3; stan++)
        {
            codes.Add((await client.SendAsync(ProxyHarness.Purchase(stan))).ResponseCode);
        }

        Assert.Equal(["51", "00", "00"], codes);
        Assert.Equal(1, h.Faults.Find("first-purchase")!.Hits);
    }

    [Fact]
    public async Task The_same_seed_hits_the_same_frames()
    {
        static async Task<int[]> RunAsync(int seed)
        {
            await using var h = await ProxyHarness.StartAsync([new FaultSpec { Name = "coin", Kind = FaultKind.Corrupt, Field = 39, Value = "96", Direction = FaultDirection.Downstream, Match = new MessageMatch { Probability = 0.5 } }], seed);
            var client = await h.ConnectAsync();
            var hit = new List<int>();
            for (var stan = 1; stan <= 30; stan++)
            {
                if ((await client.SendAsync(ProxyHarness.Purchase(stan))).ResponseCode == "96")
                {
                    hit.Add(stan);
                }
            }

            return [.. hit];
        }

        var first = await RunAsync(42);
        Assert.Equal(first, await RunAsync(42));
        Assert.InRange(first.Length, 1, 29);
    }

    [Fact]
    public async Task Faults_in_list_order_each_act_on_their_own_frames()
    {
        await using var h = await ProxyHarness.StartAsync(
        [
            new FaultSpec { Name = "a", Kind = FaultKind.Corrupt, Field = 39, Value = "05", Direction = FaultDirection.Downstream, Match = new MessageMatch { Stan = 2 } },
            new FaultSpec { Name = "b", Kind = FaultKind.Drop, Direction = FaultDirection.Downstream, Match = new MessageMatch { Stan = 4 } },
            new FaultSpec { Name = "c", Kind = FaultKind.StandIn, ResponseCode = "94", Direction = FaultDirection.Upstream, Match = new MessageMatch { Stan = 5 } },
        ]);
        var client = await h.ConnectAsync(Short);

        var seen = new List<string>();
        for (var stan = 1; stan <= 6; stan++)
        {
            try
            {
                seen.Add((await client.SendAsync(ProxyHarness.Purchase(stan))).ResponseCode!);
            }
            catch (IsoTimeoutException)
            {
                seen.Add("timeout");
            }
        }

        Assert.Equal(["00", "05", "00", "timeout", "94", "00"], seen);
        Assert.Equal([("a", "000002"), ("b", "000004"), ("c", "000005")], h.Hits.Select(x => (x.Fault, x.Frame.Stan!)));
    }
}
