using static PosSim.Ledger.Tests.TestLedger;

namespace PosSim.Ledger.Tests;

public class TransferTests
{
    private readonly TestLedger _t = new();

    private Ledger L => _t.Ledger;

    [Fact]
    public void A_single_transfer_moves_money_from_debit_to_credit()
    {
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(1, Alice, Merchant, 35_000, Cny)));
        Assert.Equal(new AccountBalance(35_000, 100_000, 0, 0), _t.Balance(Alice));
        Assert.Equal(65_000, _t.Balance(Alice).Available);
        Assert.Equal(35_000, _t.Balance(Merchant).Posted);
        _t.AssertSound();
    }

    [Fact]
    public void Retrying_the_same_transfer_returns_exists_and_never_posts_twice()
    {
        var request = TransferRequest.Single(1, Alice, Merchant, 35_000, Cny) with { Code = 1, UserData = 37 };
        Assert.Equal(LedgerResult.Ok, L.Submit(request));
        Assert.Equal(LedgerResult.Exists, L.Submit(request));
        Assert.Equal(LedgerResult.Exists, L.Submit(request));
        Assert.Equal(35_000, _t.Balance(Merchant).Posted);
    }

    [Fact]
    public void Reusing_a_transfer_id_with_other_fields_is_its_own_error_and_changes_nothing()
    {
        L.Submit(TransferRequest.Single(1, Alice, Merchant, 35_000, Cny));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, L.Submit(TransferRequest.Single(1, Alice, Merchant, 35_001, Cny)));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, L.Submit(TransferRequest.Single(1, Bob, Merchant, 35_000, Cny)));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, L.Submit(TransferRequest.Single(1, Alice, Merchant, 35_000, Cny) with { Code = 9 }));
        Assert.Equal(35_000, _t.Balance(Merchant).Posted);
    }

    [Fact]
    public void A_failed_transfer_can_be_retried_once_its_cause_is_fixed()
    {
        Assert.Equal(LedgerResult.InsufficientFunds, L.Submit(TransferRequest.Single(1, Bob, Merchant, 500, Cny)));
        L.Submit(TransferRequest.Single(2, Scheme, Bob, 500, Cny));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(1, Bob, Merchant, 500, Cny)));
    }

    [Fact]
    public void A_cardholder_cannot_spend_beyond_the_available_balance()
    {
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Hold(1, Alice, Merchant, 60_000, Cny, TimeSpan.Zero)));
        Assert.Equal(LedgerResult.InsufficientFunds, L.Submit(TransferRequest.Single(2, Alice, Merchant, 40_001, Cny)));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(3, Alice, Merchant, 40_000, Cny)));
        Assert.Equal(0, _t.Balance(Alice).Available);
        _t.AssertSound();
    }

    [Fact]
    public void The_scheme_settlement_account_may_go_negative()
    {
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(1, Scheme, Merchant, 10_000_000, Cny)));
        Assert.Equal(-10_100_000, _t.Balance(Scheme).Posted);
    }

    [Fact]
    public void A_frozen_account_rejects_transfers_either_way_until_unfrozen()
    {
        Assert.Equal(LedgerResult.Ok, L.FreezeAccount(Merchant));
        Assert.Equal(LedgerResult.CreditAccountFrozen, L.Submit(TransferRequest.Single(1, Alice, Merchant, 100, Cny)));
        Assert.Equal(LedgerResult.DebitAccountFrozen, L.Submit(TransferRequest.Single(2, Merchant, Alice, 100, Cny)));
        Assert.Equal(LedgerResult.Ok, L.UnfreezeAccount(Merchant));
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(1, Alice, Merchant, 100, Cny)));
    }

    [Fact]
    public void A_closed_account_rejects_transfers()
    {
        L.CloseAccount(Bob);
        Assert.Equal(LedgerResult.CreditAccountClosed, L.Submit(TransferRequest.Single(1, Alice, Bob, 100, Cny)));
        Assert.Equal(LedgerResult.DebitAccountClosed, L.Submit(TransferRequest.Single(1, Bob, Alice, 100, Cny)));
    }

    [Fact]
    public void Currencies_must_match_the_accounts()
    {
        _t.Create(5, LedgerKind.Acquirer, AccountFlags.AllowNegative, Usd);
        Assert.Equal(LedgerResult.CurrencyMismatch, L.Submit(TransferRequest.Single(1, Alice, 5, 100, Cny)));
        Assert.Equal(LedgerResult.CurrencyMismatch, L.Submit(TransferRequest.Single(1, Alice, Merchant, 100, Usd)));
    }

    [Fact]
    public void Balances_that_would_overflow_are_refused_not_wrapped()
    {
        _t.Create(9, LedgerKind.Scheme, AccountFlags.AllowNegative);
        Assert.Equal(LedgerResult.Ok, L.Submit(TransferRequest.Single(1, 9, Merchant, long.MaxValue, Cny)));
        Assert.Equal(LedgerResult.Overflow, L.Submit(TransferRequest.Single(2, Scheme, Merchant, 1, Cny)));
        Assert.Equal(LedgerResult.Overflow, L.Submit(TransferRequest.Single(3, 9, Bob, 1, Cny)));
        Assert.Equal(LedgerResult.Overflow, L.Submit(TransferRequest.Hold(4, 9, Bob, 1, Cny, TimeSpan.Zero)));
        Assert.Equal(long.MaxValue, _t.Balance(Merchant).CreditsPosted);
        _t.AssertSound();
    }

    [Fact]
    public void A_hold_whose_expiry_time_would_overflow_is_refused()
    {
        Assert.Equal(LedgerResult.Overflow, L.Submit(TransferRequest.Hold(1, Alice, Merchant, 1, Cny, TimeSpan.MaxValue)));
    }

    public static TheoryData<TransferRequest, LedgerResult> InvalidRequests => new()
    {
        { TransferRequest.Single(0, Alice, Merchant, 1, Cny), LedgerResult.InvalidId },
        { TransferRequest.Single(UInt128.MaxValue, Alice, Merchant, 1, Cny), LedgerResult.InvalidId },
        { TransferRequest.Single(1, Alice, Merchant, 1, Cny) with { Flags = TransferFlags.Pending | TransferFlags.PostPending }, LedgerResult.InvalidFlags },
        { TransferRequest.Single(1, Alice, Merchant, 1, Cny) with { Flags = (TransferFlags)0x100 }, LedgerResult.InvalidFlags },
        { TransferRequest.Single(1, Alice, Merchant, 1, Cny) with { PendingId = 5 }, LedgerResult.PendingIdMustBeZero },
        { TransferRequest.Single(1, Alice, Merchant, 1, Cny) with { Timeout = TimeSpan.FromSeconds(1) }, LedgerResult.InvalidTimeout },
        { TransferRequest.Hold(1, Alice, Merchant, 1, Cny, TimeSpan.FromSeconds(-1)), LedgerResult.InvalidTimeout },
        { TransferRequest.Single(1, Alice, Merchant, 0, Cny), LedgerResult.AmountMustBePositive },
        { TransferRequest.Single(1, Alice, Merchant, -5, Cny), LedgerResult.AmountMustBePositive },
        { TransferRequest.Single(1, Alice, Merchant, 1, 0), LedgerResult.InvalidCurrency },
        { TransferRequest.Single(1, Alice, Alice, 1, Cny), LedgerResult.AccountsMustBeDifferent },
        { TransferRequest.Single(1, 77, Merchant, 1, Cny), LedgerResult.DebitAccountNotFound },
        { TransferRequest.Single(1, Alice, 77, 1, Cny), LedgerResult.CreditAccountNotFound },
        { TransferRequest.Post(1, 0), LedgerResult.PendingIdRequired },
        { TransferRequest.Post(1, 5) with { Timeout = TimeSpan.FromSeconds(1) }, LedgerResult.InvalidTimeout },
        { TransferRequest.Post(1, 5, -1), LedgerResult.AmountMustBePositive },
        { TransferRequest.Post(1, 5), LedgerResult.PendingTransferNotFound },
        { TransferRequest.Void(1, 5), LedgerResult.PendingTransferNotFound },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_transfers_are_rejected_with_their_own_code_and_change_nothing(TransferRequest request, LedgerResult expected)
    {
        var before = L.GetAccounts();
        int transfers = L.TransferCount;
        Assert.Equal(expected, L.Submit(request));
        Assert.Equal(before, L.GetAccounts());
        Assert.Equal(transfers, L.TransferCount);
        Assert.False(L.TryGetTransfer(1, out _));
    }

    [Fact]
    public void Transfers_get_unique_increasing_timestamps_from_the_injected_clock()
    {
        L.Submit(TransferRequest.Single(1, Alice, Merchant, 1, Cny));
        L.Submit(TransferRequest.Single(2, Alice, Merchant, 1, Cny));
        _t.Clock.Advance(TimeSpan.FromMinutes(5));
        L.Submit(TransferRequest.Single(3, Alice, Merchant, 1, Cny));
        Assert.True(L.TryGetTransfer(1, out var a));
        Assert.True(L.TryGetTransfer(2, out var b));
        Assert.True(L.TryGetTransfer(3, out var c));
        Assert.True(b.Timestamp > a.Timestamp);
        Assert.Equal(_t.Clock.GetUtcNow(), c.AppliedAt);
    }
}
