using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public class TwoPhaseTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly TestLedger _t = new();

    private Ledger L => _t.Ledger;

    [Fact]
    public void A_hold_reserves_the_amount_without_moving_it()
    {
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute)));
        var alice = _t.Balance(Alice);
        Assert.Equal(100_000, alice.Posted);
        Assert.Equal(35_000, alice.DebitsPending);
        Assert.Equal(65_000, alice.Available);
        Assert.Equal(-35_000, alice.Pending);
        Assert.Equal(35_000, _t.Balance(Merchant).CreditsPending);
        Assert.Equal(35_000, _t.Balance(Merchant).Pending);
        Assert.True(L.TryGetTransfer(1, out var hold));
        Assert.Equal(TransferStatus.Pending, hold.Status);
        _t.AssertSound();
    }

    [Fact]
    public void Posting_in_full_moves_the_held_amount()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Post(2, 1)));
        Assert.Equal(new AccountBalance(35_000, 100_000, 0, 0), _t.Balance(Alice));
        Assert.Equal(new AccountBalance(0, 35_000, 0, 0), _t.Balance(Merchant));
        Assert.True(L.TryGetTransfer(1, out var hold));
        Assert.Equal(TransferStatus.Posted, hold.Status);
        Assert.True(L.TryGetTransfer(2, out var post));
        Assert.Equal((Alice, Merchant, 35_000L, Cny), (post.DebitAccountId, post.CreditAccountId, post.Amount, post.Currency));
        _t.AssertSound();
    }

    [Fact]
    public void Posting_in_part_releases_the_remainder()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Post(2, 1, 30_000)));
        Assert.Equal(new AccountBalance(30_000, 100_000, 0, 0), _t.Balance(Alice));
        Assert.Equal(70_000, _t.Balance(Alice).Available);
        _t.AssertSound();
    }

    [Fact]
    public void Posting_more_than_was_held_is_refused()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.PostAmountExceedsPending, L.Submit(TransferRequest.Post(2, 1, 35_001)));
        Assert.Equal(35_000, _t.Balance(Alice).DebitsPending);
    }

    [Fact]
    public void A_void_releases_the_hold()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Void(2, 1)));
        Assert.Equal(new AccountBalance(0, 100_000, 0, 0), _t.Balance(Alice));
        Assert.True(L.TryGetTransfer(1, out var hold));
        Assert.Equal(TransferStatus.Voided, hold.Status);
        Assert.True(L.TryGetTransfer(2, out var release));
        Assert.Equal(35_000, release.Amount);
        _t.AssertSound();
    }

    [Fact]
    public void A_hold_resolves_at_most_once()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        L.Submit(TransferRequest.Post(2, 1));
        Assert.Equal(LedgerResult.PendingTransferAlreadyPosted, L.Submit(TransferRequest.Post(3, 1)));
        Assert.Equal(LedgerResult.PendingTransferAlreadyPosted, L.Submit(TransferRequest.Void(4, 1)));
        L.Submit(TransferRequest.Hold(5, Alice, Merchant, 1_000, Cny, Minute));
        L.Submit(TransferRequest.Void(6, 5));
        Assert.Equal(LedgerResult.PendingTransferAlreadyVoided, L.Submit(TransferRequest.Post(7, 5)));
        Assert.Equal(LedgerResult.PendingTransferAlreadyVoided, L.Submit(TransferRequest.Void(8, 5)));
        Assert.Equal(35_000, _t.Balance(Merchant).Posted);
        _t.AssertSound();
    }

    [Fact]
    public void Retrying_a_post_returns_exists_even_with_fields_left_to_the_hold()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Post(2, 1)));
        Assert.Equal(LedgerResult.Exists, L.Submit(TransferRequest.Post(2, 1)));
        Assert.Equal(LedgerResult.Exists, L.Submit(TransferRequest.Post(2, 1, 35_000) with { DebitAccountId = Alice, Currency = Cny }));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, L.Submit(TransferRequest.Post(2, 1, 1)));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, L.Submit(TransferRequest.Void(2, 1)));
    }

    [Fact]
    public void Only_a_hold_can_be_posted_or_voided()
    {
        L.Submit(TransferRequest.Single(1, Alice, Merchant, 100, Cny));
        Assert.Equal(LedgerResult.PendingTransferNotPending, L.Submit(TransferRequest.Post(2, 1)));
        Assert.Equal(LedgerResult.PendingTransferNotPending, L.Submit(TransferRequest.Void(2, 1)));
    }

    [Fact]
    public void A_post_or_void_naming_other_accounts_or_amounts_is_refused()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.Equal(LedgerResult.PendingTransferAccountMismatch, L.Submit(TransferRequest.Post(2, 1) with { DebitAccountId = Bob }));
        Assert.Equal(LedgerResult.PendingTransferAccountMismatch, L.Submit(TransferRequest.Post(2, 1) with { CreditAccountId = Scheme }));
        Assert.Equal(LedgerResult.CurrencyMismatch, L.Submit(TransferRequest.Post(2, 1) with { Currency = Usd }));
        Assert.Equal(LedgerResult.VoidAmountMismatch, L.Submit(TransferRequest.Void(2, 1) with { Amount = 5 }));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Void(2, 1) with { Amount = 35_000 }));
    }

    [Fact]
    public void A_hold_expires_when_its_timeout_passes_on_the_injected_clock()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        Assert.True(L.TryGetTransfer(1, out var held));

        // The timeout runs from the hold's own timestamp (unique, so it may lead the clock by a few ticks).
        _t.Clock.SetUtcNow(held.AppliedAt + Minute - TimeSpan.FromTicks(1));
        Assert.Equal(0, L.ExpireDue());
        Assert.Equal(35_000, _t.Balance(Alice).DebitsPending);
        _t.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, L.ExpireDue());
        Assert.Equal(new AccountBalance(0, 100_000, 0, 0), _t.Balance(Alice));
        Assert.True(L.TryGetTransfer(1, out var hold));
        Assert.Equal(TransferStatus.Expired, hold.Status);
        _t.AssertSound();
    }

    [Fact]
    public void Posting_an_expired_hold_is_refused_even_without_an_explicit_expiry_pass()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 35_000, Cny, Minute));
        _t.Clock.Advance(Minute * 2);
        Assert.Equal(LedgerResult.PendingTransferExpired, L.Submit(TransferRequest.Post(2, 1)));
        Assert.Equal(LedgerResult.PendingTransferExpired, L.Submit(TransferRequest.Void(3, 1)));
        Assert.Equal(0, _t.Balance(Merchant).Posted);
    }

    [Fact]
    public void A_hold_without_timeout_never_expires_and_a_posted_hold_does_not_expire_later()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 1_000, Cny, TimeSpan.Zero));
        L.Submit(TransferRequest.Hold(2, Alice, Merchant, 2_000, Cny, Minute));
        L.Submit(TransferRequest.Post(3, 2));
        _t.Clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(0, L.ExpireDue());
        Assert.Equal(1_000, _t.Balance(Alice).DebitsPending);
        Assert.Equal(2_000, _t.Balance(Merchant).Posted);
    }

    [Fact]
    public void A_hold_on_a_frozen_account_can_be_voided_but_not_posted()
    {
        L.Submit(TransferRequest.Hold(1, Alice, Merchant, 1_000, Cny, Minute));
        L.Submit(TransferRequest.Hold(2, Alice, Merchant, 2_000, Cny, Minute));
        L.FreezeAccount(Alice);
        Assert.Equal(LedgerResult.DebitAccountFrozen, L.Submit(TransferRequest.Post(3, 1)));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Void(4, 2)));
        _t.Clock.Advance(Minute * 2);
        Assert.Equal(1, L.ExpireDue());
        _t.AssertSound();
    }
}
