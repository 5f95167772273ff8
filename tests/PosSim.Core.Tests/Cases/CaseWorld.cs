using PosSim.Core.Cases;

namespace PosSim.Core.Tests.Cases;

/// <summary>Records a case is checked against, held in memory and changed by the tests (money moves while a case is open).</summary>
internal sealed class CaseWorld : ICaseFacts
{
    public const string Merchant = "M0001";
    public const string Terminal = "T0000001";
    public const string Rrn = "606114000123";
    public const string Card = "476173******0119";
    public static readonly DateTime SaleTime = new(2026, 3, 2, 14, 2, 0);
    public static readonly DateTime Now = new(2026, 3, 5, 10, 0, 0);

    private readonly Dictionary<(string, string), TransactionFacts> _records = [];

    public CaseWorld(MoneyState money = MoneyState.HeldAtIssuer, long amount = 350_00) => Put(Sale(money, amount));

    public static TransactionFacts Sale(MoneyState money, long amount = 350_00) =>
        new(Terminal, Rrn, Merchant, SaleTime, DateOnly.FromDateTime(SaleTime), amount, Card, money, 0, false, null);

    public TransactionFacts Current => _records[(Terminal, Rrn)];

    public void Put(TransactionFacts facts) => _records[(facts.TerminalId, facts.Rrn)] = facts;

    public IReadOnlyList<TransactionFacts> Search(TransactionQuery query) =>
        _records.Values.Where(t => t.MerchantId == query.MerchantId && t.LocalTime >= query.From && t.LocalTime <= query.To &&
            (query.TerminalId is null || t.TerminalId == query.TerminalId) && (query.AmountMinor is null || t.AmountMinor == query.AmountMinor)).ToList();

    public TransactionFacts? Find(string terminalId, string rrn) => _records.GetValueOrDefault((terminalId, rrn));

    public static Complaint Complaint(long amount = 350_00) => new(Merchant, Terminal, SaleTime.AddMinutes(-2), amount, "I took 350.00 at 14:00 and it never arrived");

    public static SupportCase Open() => CaseEngine.Open(1, "ana", Now, Complaint());

    public static RefundApplication Application(ResolutionPath path, long amount = 350_00, string? counterparty = null) =>
        new(SaleTime, amount, counterparty ?? (path == ResolutionPath.PayMerchantLate ? Merchant : Card), "never arrived", path);

    /// <summary>The steps of the procedure, in order, for a case whose money is where <paramref name="money"/> says and which goes back by <paramref name="path"/>.</summary>
    public static IReadOnlyList<CaseAction> Procedure(MoneyState money, ResolutionPath path, long amount = 350_00) =>
    [
        new ConfirmRecords("ana", Now, Terminal, Rrn),
        new Diagnose("ana", Now.AddMinutes(5), money),
        new ContactCustomer("ana", Now.AddMinutes(10), path, DateOnly.FromDateTime(Now).AddDays(3), "called the cardholder"),
        new ApplyForRefund("ana", Now.AddMinutes(15), Application(path, amount)),
        new SubmitForReview("ana", Now.AddMinutes(16)),
        new Review("li", Now.AddHours(1), true, "records agree"),
        new RecordResolution("system", Now.AddHours(2), new ResolutionOutcome(path, amount, "T-42")),
    ];

    /// <summary>Applies the actions in order, each of which must be accepted.</summary>
    public SupportCase Run(SupportCase c, IEnumerable<CaseAction> actions)
    {
        foreach (var action in actions)
        {
            var decision = CaseEngine.Apply(c, action, this, CasePolicy.Default);
            Assert.True(decision.Accepted, $"{action.GetType().Name} refused: {decision.Refusal}");
            c = decision.Case;
        }

        return c;
    }
}
