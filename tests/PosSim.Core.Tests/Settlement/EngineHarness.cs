using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Accounts;
using PosSim.Core.Settlement;

namespace PosSim.Core.Tests.Settlement;

/// <summary>A settlement engine on a bare ledger, fed hand-made clearing records: the rules without the switch.</summary>
internal sealed class EngineHarness
{
    private int _rrn;

    public EngineHarness(IEnumerable<MerchantAgreement>? merchants = null, BusinessCalendar? calendar = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        Ledger = new Ledger.Ledger(Clock);
        Engine = new SettlementEngine(Ledger, calendar, merchants);
    }

    public FakeTimeProvider Clock { get; }

    public Ledger.Ledger Ledger { get; }

    public SettlementEngine Engine { get; }

    public ClearingRecord Record(string merchant, long amount, DateOnly businessDate, ClearingKind kind = ClearingKind.Purchase,
        TimeOnly? at = null, string channel = "card")
    {
        var rrn = string.Create(CultureInfo.InvariantCulture, $"{++_rrn:D12}");
        return new ClearingRecord
        {
            ClearingId = "C" + rrn,
            Kind = kind,
            Rrn = rrn,
            TerminalId = "T0000001",
            MerchantId = merchant,
            AuthCode = "123456",
            AmountMinor = amount,
            Currency = Currency.Cny,
            BusinessDate = businessDate,
            ClearingDate = businessDate,
            Channel = channel,
            LocalTime = businessDate.ToDateTime(at ?? new TimeOnly(12, 0)),
            TxnId = _rrn,
        };
    }

    public SettlementItem Accept(string merchant, long amount, DateOnly businessDate, ClearingKind kind = ClearingKind.Purchase, TimeOnly? at = null) =>
        Engine.Accept(Record(merchant, amount, businessDate, kind, at));

    public long Posted(UInt128 account) => Ledger.TryGetBalance(account, out var b) ? b.Posted : 0;

    public long Merchant(string merchantId) => Posted(Engine.AccountOf(merchantId));

    public long Fees => Posted(AccountIds.Fees);

    public long Clearing => Posted(AccountIds.Clearing);

    public void AssertBooksBalance() => Assert.Empty(Ledger.CheckInvariants(deep: true));
}
