using Microsoft.Extensions.Time.Testing;

namespace PosSim.Ledger.Tests;

public class AccountTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Creating_the_same_account_twice_returns_exists()
    {
        var ledger = new Ledger(_clock);
        var request = new AccountRequest(7, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft, UserData: 42);
        Assert.Equal(LedgerResult.Ok, ledger.CreateAccount(request));
        Assert.Equal(LedgerResult.Exists, ledger.CreateAccount(request));
        Assert.Equal(1, ledger.AccountCount);
    }

    [Fact]
    public void Reusing_an_account_id_with_other_fields_is_its_own_error()
    {
        var ledger = new Ledger(_clock);
        Assert.Equal(LedgerResult.Ok, ledger.CreateAccount(new AccountRequest(7, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft)));
        Assert.Equal(LedgerResult.ExistsWithDifferentFields, ledger.CreateAccount(new AccountRequest(7, LedgerKind.Issuer, 840, AccountFlags.NoOverdraft)));
    }

    [Fact]
    public void Retrying_a_creation_after_a_freeze_still_returns_exists()
    {
        var ledger = new Ledger(_clock);
        var request = new AccountRequest(7, LedgerKind.Acquirer, 156, AccountFlags.AllowNegative);
        ledger.CreateAccount(request);
        Assert.Equal(LedgerResult.Ok, ledger.FreezeAccount(7));
        Assert.Equal(LedgerResult.Exists, ledger.CreateAccount(request));
    }

    [Theory]
    [InlineData(0UL, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft, LedgerResult.InvalidId)]
    [InlineData(1UL, (LedgerKind)9, 156, AccountFlags.NoOverdraft, LedgerResult.InvalidLedger)]
    [InlineData(1UL, LedgerKind.Issuer, 0, AccountFlags.NoOverdraft, LedgerResult.InvalidCurrency)]
    [InlineData(1UL, LedgerKind.Issuer, 1000, AccountFlags.NoOverdraft, LedgerResult.InvalidCurrency)]
    [InlineData(1UL, LedgerKind.Issuer, 156, AccountFlags.None, LedgerResult.InvalidFlags)]
    [InlineData(1UL, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft | AccountFlags.AllowNegative, LedgerResult.InvalidFlags)]
    [InlineData(1UL, LedgerKind.Issuer, 156, (AccountFlags)0x41, LedgerResult.InvalidFlags)]
    public void Invalid_account_requests_are_rejected_with_their_code(ulong id, LedgerKind kind, int currency, AccountFlags flags, LedgerResult expected)
    {
        var ledger = new Ledger(_clock);
        Assert.Equal(expected, ledger.CreateAccount(new AccountRequest(id, kind, (ushort)currency, flags)));
        Assert.Equal(0, ledger.AccountCount);
    }

    [Fact]
    public void The_maximum_id_is_reserved()
    {
        var ledger = new Ledger(_clock);
        Assert.Equal(LedgerResult.InvalidId, ledger.CreateAccount(new AccountRequest(UInt128.MaxValue, LedgerKind.Issuer, 156, AccountFlags.NoOverdraft)));
    }

    [Fact]
    public void An_account_with_money_or_holds_cannot_be_closed()
    {
        var t = new TestLedger();
        Assert.Equal(LedgerResult.AccountBalanceNotZero, t.Ledger.CloseAccount(TestLedger.Alice));
        t.Ledger.Submit(TransferRequest.Hold(t.NextId(), TestLedger.Alice, TestLedger.Merchant, 10, TestLedger.Cny, TimeSpan.Zero));
        Assert.Equal(LedgerResult.AccountHasPendingTransfers, t.Ledger.CloseAccount(TestLedger.Merchant));
        Assert.Equal(LedgerResult.Ok, t.Ledger.CloseAccount(TestLedger.Bob));
        Assert.Equal(LedgerResult.Ok, t.Ledger.CloseAccount(TestLedger.Bob));
        Assert.Equal(LedgerResult.AccountClosed, t.Ledger.FreezeAccount(TestLedger.Bob));
        Assert.Equal(LedgerResult.AccountNotFound, t.Ledger.CloseAccount(99));
    }

    [Fact]
    public void Every_account_gets_a_unique_increasing_timestamp_even_when_the_clock_stands_still()
    {
        var t = new TestLedger();
        var accounts = t.Ledger.GetAccounts();
        for (int i = 1; i < accounts.Count; i++)
        {
            Assert.True(accounts[i].Timestamp > accounts[i - 1].Timestamp);
        }

        Assert.Equal(t.Clock.GetUtcNow(), accounts[0].CreatedAt);
    }
}
