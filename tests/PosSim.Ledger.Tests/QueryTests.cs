using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public class QueryTests
{
    private readonly TestLedger _t = new();

    private Ledger L => _t.Ledger;

    [Fact]
    public void An_accounts_transfers_over_a_time_range_come_oldest_first_and_only_its_own()
    {
        var start = _t.Clock.GetUtcNow();
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, TimeSpan.FromHours(1)));
        _t.Clock.Advance(TimeSpan.FromMinutes(10));
        var middle = _t.Clock.GetUtcNow();
        L.Submit(TransferRequest.Single(2, Scheme, Bob, 500, Cny));
        L.Submit(TransferRequest.Post(3, 1));
        _t.Clock.Advance(TimeSpan.FromMinutes(10));
        var late = _t.Clock.GetUtcNow();
        L.Submit(TransferRequest.Single(4, Merchant, Scheme, 210, Cny));

        var all = L.GetAccountTransfers(Merchant, start, late.AddTicks(1));
        Assert.Equal([(UInt128)1, 3, 4], all.Select(t => t.Id));
        var window = L.GetAccountTransfers(Merchant, middle, late);
        Assert.Equal([(UInt128)3], window.Select(t => t.Id));
        Assert.Equal([(UInt128)2], L.GetAccountTransfers(Bob, start, late).Select(t => t.Id));
        Assert.Empty(L.GetAccountTransfers(12345, start, late));
    }

    [Fact]
    public void Unknown_ids_are_reported_as_not_found()
    {
        Assert.False(L.TryGetAccount(99, out _));
        Assert.False(L.TryGetBalance(99, out _));
        Assert.False(L.TryGetTransfer(99, out _));
    }

    [Fact]
    public void An_account_query_returns_its_definition_and_balances()
    {
        Assert.True(L.TryGetAccount(Alice, out var alice));
        Assert.Equal(LedgerKind.Issuer, alice.Ledger);
        Assert.Equal(Cny, alice.Currency);
        Assert.Equal(AccountFlags.NoOverdraft, alice.Flags);
        Assert.Equal(100_000, alice.Balance.Available);
    }

    [Fact]
    public void Totals_balance_across_the_ledger()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, TimeSpan.FromHours(1)));
        var totals = L.GetTotals();
        Assert.True(totals.IsBalanced);
        Assert.Equal(35_000, totals.DebitsPending);
        Assert.Equal(100_000, totals.CreditsPosted);
    }
}
