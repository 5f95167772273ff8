using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public class LinkedChainTests
{
    private readonly TestLedger _t = new();

    private Ledger L => _t.Ledger;

    [Fact]
    public void A_linked_chain_applies_all_together()
    {
        TransferRequest[] batch =
        [
            TransferRequest.Single(1, Alice, Scheme, 10_000, Cny).AsLinked(),
            TransferRequest.Single(2, Scheme, Merchant, 10_000, Cny).AsLinked(),
            TransferRequest.Single(3, Merchant, Scheme, 60, Cny),
        ];
        var results = new LedgerResult[3];
        L.Submit(batch, results);
        Assert.All(results, r => Assert.Equal(LedgerResult.Ok, r));
        Assert.Equal(9_940, _t.Balance(Merchant).Posted);
    }

    [Fact]
    public void A_failure_anywhere_in_a_chain_undoes_the_whole_chain()
    {
        L.Submit(TransferRequest.Hold(50, Alice, Merchant, 5_000, Cny, TimeSpan.FromMinutes(1)));
        var before = L.GetAccounts();
        TransferRequest[] batch =
        [
            TransferRequest.Single(1, Alice, Scheme, 10_000, Cny).AsLinked(),
            TransferRequest.Hold(2, Alice, Merchant, 1_000, Cny, TimeSpan.FromMinutes(1)).AsLinked(),
            TransferRequest.Post(3, 50).AsLinked(),
            TransferRequest.Post(4, 2).AsLinked(),
            TransferRequest.Single(5, Bob, Merchant, 1, Cny),
            TransferRequest.Single(6, Alice, Merchant, 7, Cny),
        ];
        var results = new LedgerResult[batch.Length];
        L.Submit(batch, results);
        Assert.Equal(
            [LedgerResult.LinkedEventFailed, LedgerResult.LinkedEventFailed, LedgerResult.LinkedEventFailed, LedgerResult.LinkedEventFailed, LedgerResult.InsufficientFunds, LedgerResult.Ok],
            results);
        foreach (UInt128 id in new UInt128[] { 1, 2, 3, 4, 5 })
        {
            Assert.False(L.TryGetTransfer(id, out _));
        }

        Assert.True(L.TryGetTransfer(50, out var hold));
        Assert.Equal(TransferStatus.Pending, hold.Status);
        var after = L.GetAccounts();
        Assert.Equal(before[0].Balance.DebitsPosted + 7, after[0].Balance.DebitsPosted);
        Assert.Equal(before[3].Balance.CreditsPending, after[3].Balance.CreditsPending);
        _t.AssertSound();

        // The rolled-back ids are free again.
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Post(3, 50)));
    }

    [Fact]
    public void A_rolled_back_hold_never_expires_later()
    {
        TransferRequest[] batch =
        [
            TransferRequest.Hold(1, Alice, Merchant, 1_000, Cny, TimeSpan.FromMinutes(1)).AsLinked(),
            TransferRequest.Single(2, Bob, Merchant, 1, Cny),
        ];
        L.Submit(batch, new LedgerResult[2]);
        L.Submit(TransferRequest.Hold(3, Alice, Merchant, 2_000, Cny, TimeSpan.FromHours(1)));
        _t.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, L.ExpireDue());
        Assert.Equal(2_000, _t.Balance(Alice).DebitsPending);
        _t.AssertSound();
    }

    [Fact]
    public void A_chain_left_open_at_the_end_of_the_batch_applies_nothing()
    {
        TransferRequest[] batch =
        [
            TransferRequest.Single(1, Alice, Merchant, 1, Cny),
            TransferRequest.Single(2, Alice, Merchant, 1, Cny).AsLinked(),
            TransferRequest.Single(3, Alice, Merchant, 1, Cny).AsLinked(),
        ];
        var results = new LedgerResult[3];
        L.Submit(batch, results);
        Assert.Equal([LedgerResult.Ok, LedgerResult.LinkedEventFailed, LedgerResult.LinkedChainOpen], results);
        Assert.Equal(1, _t.Balance(Merchant).Posted);
        Assert.Equal(LedgerResult.LinkedChainOpen, L.Submit(TransferRequest.Single(4, Alice, Merchant, 1, Cny).AsLinked()));
    }

    [Fact]
    public void Retrying_a_committed_chain_reports_exists_throughout()
    {
        TransferRequest[] batch =
        [
            TransferRequest.Single(1, Alice, Scheme, 100, Cny).AsLinked(),
            TransferRequest.Single(2, Scheme, Merchant, 100, Cny),
        ];
        L.Submit(batch, new LedgerResult[2]);
        var results = new LedgerResult[2];
        L.Submit(batch, results);
        Assert.Equal([LedgerResult.Exists, LedgerResult.Exists], results);
        Assert.Equal(100, _t.Balance(Merchant).Posted);
    }
}
