using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Export;
using PosSim.Interchange;
using PosSim.Iso8583;
using PosSim.Reconciliation;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Support;

/// <summary>
/// A small real run for the output writers while the simulator's engine is being written: the core's switch,
/// issuer, ledger and back office on a fake clock, two days of sales, a void, a refund and a decline, a dropped
/// and a duplicated presentment, settled for a week, exported, matched and compared with the ground truth.
/// </summary>
internal static class SampleRun
{
    /// <summary>Monday 2 March 2026, the first trading day.</summary>
    public static readonly DateOnly Start = new(2026, 3, 2);

    /// <summary>The matcher's cut-off: a week after the last sale, so everything on time has been paid.</summary>
    public static readonly DateOnly AsOf = Start.AddDays(8);

    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The run, with a presentment of C dropped and one of B duplicated.</summary>
    public static RunResult Create()
    {
        // RRNs come from the switch as it runs; a clean run of the same script names the ones to aim at.
        var clean = World.Play(SettlementFaultPlan.None);
        var plan = new SettlementFaultPlan
        {
            Targeted =
            [
                new TargetedFault(clean.C.TerminalId, clean.C.Rrn, TransactionFault.DropClearing),
                new TargetedFault(clean.B.TerminalId, clean.B.Rrn, TransactionFault.DuplicateClearing),
            ],
        };
        return World.Play(plan).Result();
    }

    /// <summary>The back office and its world, driven one script through.</summary>
    private sealed class World
    {
        private const string RichCard = "4761739001010119";
        private const string PoorCard = "4761739001010127";
        private static readonly string[] MerchantIds = ["M0001", "M0002"];

        private readonly FakeTimeProvider _clock;
        private readonly Dictionary<string, TerminalMessages> _terminals = new(StringComparer.Ordinal);
        private readonly DateTime _startLocal;
        private long _token;

        private World(SettlementFaultPlan plan)
        {
            _startLocal = Start.ToDateTime(new TimeOnly(9, 0));
            _clock = new FakeTimeProvider(new DateTimeOffset(_startLocal, Offset));
            Ledger = new Ledger.Ledger(_clock);
            Issuer = new CardIssuer(Ledger);
            Issuer.OpenBooks();
            Issuer.AddCard(RichCard, "2812", 1_000_000_00);
            Issuer.AddCard(PoorCard, "2812", 10_00);
            Acquirer = new LocalAcquirer(_clock, Issuer, (_, _) => { });
            var n = 0;
            foreach (var merchant in MerchantIds)
            {
                // M0001 has two terminals, M0002 one.
                for (var t = 0; t < (merchant == "M0001" ? 2 : 1); t++)
                {
                    var terminal = string.Create(CultureInfo.InvariantCulture, $"T{++n:D7}");
                    Acquirer.Switch.Terminals.Add(terminal, merchant);
                    _terminals.Add(terminal, new TerminalMessages(terminal, merchant));
                }
            }

            Office = new BackOffice(Acquirer.Switch, Ledger, merchants: MerchantIds.Select(id => new MerchantAgreement(id)),
                issuer: Issuer, faults: new SettlementFaultInjector(plan));
            Office.CatchUp(_clock.GetUtcNow());
        }

        public Ledger.Ledger Ledger { get; }

        public CardIssuer Issuer { get; }

        public LocalAcquirer Acquirer { get; }

        public BackOffice Office { get; }

        /// <summary>The sales faults are aimed at: B on M0002's terminal, C on M0001's second.</summary>
        public TranlogEntry B { get; private set; } = null!;

        public TranlogEntry C { get; private set; } = null!;

        public static World Play(SettlementFaultPlan plan)
        {
            var w = new World(plan);
            var mon = Start;
            var tue = Start.AddDays(1);
            w.AdvanceTo(At(mon, 10, 5));
            var a = w.Purchase("T0000001", 100_00);
            w.B = w.Purchase("T0000003", 200_00);
            w.AdvanceTo(At(mon, 12, 40));
            w.C = w.Purchase("T0000002", 30_00);
            w.Purchase("T0000001", 500_00, PoorCard); // declined 51: the card has 10.00
            w.AdvanceTo(At(mon, 18, 15));
            var d = w.Purchase("T0000003", 55_55);
            w.AdvanceTo(At(mon, 18, 17));
            w.Void(d);
            w.AdvanceTo(At(mon, 22, 30));
            w.CloseBatches();
            w.AdvanceTo(At(tue, 11, 20));
            w.Refund(a, 20_00);
            w.AdvanceTo(At(tue, 15, 0));
            w.Purchase("T0000003", 70_00);
            w.Purchase("T0000002", 12_34);
            w.AdvanceTo(At(tue, 22, 30));
            w.CloseBatches();
            w.AdvanceTo(AsOf.AddDays(-1).ToDateTime(new TimeOnly(23, 0, 1)));
            return w;
        }

        public RunResult Result()
        {
            using var folder = new TempFolder("possim-report-sample-");
            InterchangeExport.Write(folder.Path, Office);
            var match = Matcher.Run(folder.Path, AsOf);
            var expected = GroundTruth.ExpectedFindings(Office, AsOf);
            var found = match.Exceptions.Select(e => e.Kind.Key() == ExceptionKey.Transaction
                    ? new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, "")
                    : new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, e.PayoutId))
                .ToHashSet();
            var missed = expected.Where(f => !found.Contains(f)).ToList();
            var unexplained = found.Where(f => !expected.Contains(f)).OrderBy(f => f.ToString(), StringComparer.Ordinal).ToList();
            var problems = Ledger.CheckInvariants(deep: true);
            var counters = Counters(Acquirer.Switch.Counters);
            return new RunResult
            {
                Scenario = Scenario(),
                Seed = 7,
                Office = Office,
                Issuer = Issuer,
                Match = match,
                AsOf = AsOf,
                Faults = Faults(),
                Expected = expected,
                Expectations =
                [
                    new ExpectationOutcome("exceptions.approved-not-cleared", match.Counts[ExceptionKind.ApprovedNotCleared] == 1, "1",
                        match.Counts[ExceptionKind.ApprovedNotCleared].ToString(CultureInfo.InvariantCulture)),
                    new ExpectationOutcome("money_conserved", problems.Count == 0, "true", problems.Count == 0 ? "true" : "false"),
                    new ExpectationOutcome("findings_match_faults", missed.Count == 0 && unexplained.Count == 0, "true",
                        missed.Count == 0 && unexplained.Count == 0 ? "true" : "false"),
                ],
                Counters = counters,
                LedgerProblems = problems,
                SimulatedFrom = _startLocal,
                SimulatedTo = LocalNow,
                Missed = missed,
                Unexplained = unexplained,
            };
        }

        private DateTime LocalNow => _clock.GetUtcNow().ToOffset(Offset).DateTime;

        private static DateTime At(DateOnly date, int hour, int minute) => date.ToDateTime(new TimeOnly(hour, minute));

        private static Scenario Scenario() => new()
        {
            Name = "report-sample",
            Description = "Two trading days of three terminals; one presentment dropped and one duplicated.",
            Seed = 7,
            Start = Start,
            Days = 2,
            SettleDays = 6,
            Merchants = [new MerchantGroup { Id = "M", Count = 2 }],
        };

        /// <summary>The faults as ground-truth.csv would list them: one per incident of the plan, at its sale's time.</summary>
        private List<InjectedFault> Faults()
        {
            var faults = new List<InjectedFault>();
            foreach (var incident in Office.Incidents.Items)
            {
                var (type, kind) = incident.Kind switch
                {
                    IncidentKind.ClearingDropped => (FaultType.ClearingDropped, ExceptionKind.ApprovedNotCleared),
                    IncidentKind.ClearingDuplicated => (FaultType.ClearingDuplicated, ExceptionKind.DuplicateClearing),
                    _ => throw new InvalidOperationException($"The sample plans no {incident.Kind}."),
                };
                var sale = Acquirer.Switch.Tranlog.Single(e => e.TerminalId == incident.TerminalId && e.Rrn == incident.Rrn);
                faults.Add(new InjectedFault(faults.Count + 1, sale.LocalTime, type, sale.TerminalId, sale.MerchantId, sale.Rrn,
                    sale.Stan.ToString("D6", CultureInfo.InvariantCulture), "", kind.Name(), incident.Detail));
            }

            return faults;
        }

        private static SortedDictionary<string, long> Counters(SwitchCounters c)
        {
            var counters = new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["requests"] = c.Requests,
                ["approved"] = c.Approved,
                ["declined"] = c.Declined,
                ["issuer_timeouts"] = c.IssuerTimeouts,
                ["reversals_queued"] = c.ReversalsQueued,
                ["reversals_parked"] = c.ReversalsParked,
            };
            foreach (var (code, n) in c.DeclinesByCode)
            {
                counters["declined_" + code] = n;
            }

            return counters;
        }

        private TranlogEntry Purchase(string terminal, long amount, string pan = RichCard) =>
            Send(_terminals[terminal].Purchase(new CardRead(pan, "2812"), amount, LocalTime));

        private void Refund(TranlogEntry original, long amount) =>
            Send(_terminals[original.TerminalId].Refund(new CardRead(RichCard, "2812"), amount, original.Rrn, LocalTime));

        private void Void(TranlogEntry original) =>
            Send(_terminals[original.TerminalId].Void(new CardRead(RichCard, "2812"), original.AmountMinor, original.Rrn, LocalTime));

        private DateTimeOffset LocalTime => _clock.GetUtcNow().ToOffset(Offset);

        private TranlogEntry Send(IsoMessage request)
        {
            var before = Acquirer.Switch.Tranlog.Count;
            Acquirer.Submit(++_token, request);
            return Acquirer.Switch.Tranlog[before];
        }

        /// <summary>Every terminal closes its batch with the totals the switch holds for it (an 0500 in balance).</summary>
        private void CloseBatches()
        {
            foreach (var terminal in Acquirer.Switch.Terminals.All.OrderBy(t => t.TerminalId, StringComparer.Ordinal))
            {
                Acquirer.Submit(++_token, _terminals[terminal.TerminalId].BatchTotals(
                    (int)terminal.DebitCount, terminal.DebitAmount, (int)terminal.CreditCount, terminal.CreditAmount, LocalTime));
            }
        }

        /// <summary>Moves the clock, stopping at every switch timer and cut-over on the way, as a simulation does.</summary>
        private void AdvanceTo(DateTime local)
        {
            var end = new DateTimeOffset(local, Offset);
            while (true)
            {
                Acquirer.RunDue();
                Office.CatchUp(_clock.GetUtcNow());
                var now = _clock.GetUtcNow();
                if (now >= end)
                {
                    return;
                }

                var stop = end;
                if (Acquirer.NextDue is { } due && due < stop)
                {
                    stop = due;
                }

                if (Office.LastCutOver is { } last && Office.CutOverMoment(last.AddDays(1)) is var cut && cut < stop)
                {
                    stop = cut;
                }

                _clock.Advance(stop > now ? stop - now : TimeSpan.Zero);
            }
        }
    }
}
