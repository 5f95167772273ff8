using Microsoft.Extensions.Time.Testing;

namespace PosSim.Ledger.Tests;

/// <summary>A small ledger in the shape of the domain: cardholders at the issuer, a scheme account, a merchant.</summary>
internal sealed class TestLedger
{
    public const ushort Cny = 156;
    public const ushort Usd = 840;
    public static readonly UInt128 Alice = 1001;
    public static readonly UInt128 Bob = 1002;
    public static readonly UInt128 Scheme = 3001;
    public static readonly UInt128 Merchant = 2001;

    public TestLedger(LedgerOptions? options = null)
    {
        Ledger = new Ledger(Clock, options);
        Create(Alice, LedgerKind.Issuer, AccountFlags.NoOverdraft);
        Create(Bob, LedgerKind.Issuer, AccountFlags.NoOverdraft);
        Create(Scheme, LedgerKind.Scheme, AccountFlags.AllowNegative);
        Create(Merchant, LedgerKind.Acquirer, AccountFlags.AllowNegative);

        // Fund Alice with 1000.00 from the scheme account, which may go negative.
        Assert.Equal(LedgerResult.Ok, Ledger.Submit(TransferRequest.Single(NextId(), Scheme, Alice, 100_000, Cny)));
    }

    public FakeTimeProvider Clock { get; } = new();

    public Ledger Ledger { get; }

    private UInt128 _nextId = 1_000_000;

    public UInt128 NextId() => _nextId++;

    public void Create(UInt128 id, LedgerKind ledger, AccountFlags flags, ushort currency = Cny) =>
        Assert.Equal(LedgerResult.Ok, Ledger.CreateAccount(new AccountRequest(id, ledger, currency, flags)));

    public AccountBalance Balance(UInt128 id)
    {
        Assert.True(Ledger.TryGetBalance(id, out var balance));
        return balance;
    }

    public void AssertSound() => Assert.Empty(Ledger.CheckInvariants(deep: true));
}
