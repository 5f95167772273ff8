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
/// A small real run, played on the core directly until the simulator's engine can play scenarios: two merchants with
/// two terminals each, a week from Monday 2 March 2026 (+08:00) with purchases, a decline, a void and a refund, and
/// one fault, a dropped presentment aimed at the first purchase. Exported, matched and checked against the ground
/// truth as `possim run` does.
/// </summary>
internal static class SampleRun
{
    public const string Card = "4761739001010119";
    public const string OtherCard = "4761739001010127";

    /// <summary>A card with little money on it: a big purchase on it is declined (51).</summary>
    public const string PoorCard = "4761739001010135";

    public static readonly DateOnly Monday = new(2026, 3, 2);
    public static readonly DateOnly AsOf = Monday.AddDays(8);

    /// <summary>The PANs the sample's issuer holds: none of them may appear in clear in any output.</summary>
    public static IReadOnlyList<string> Pans { get; } = [Card, OtherCard, PoorCard];

    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static RunResult Create()
    {
        // The run's RRNs are the same every time: learn the first purchase's from a clean run, then aim at it.
        var target = new World(SettlementFaultPlan.None).Play().First(e => e.Kind == TransactionKind.Purchase && e.IsApproved);
        var plan = new SettlementFaultPlan { Targeted = [new TargetedFault(target.TerminalId, target.Rrn, TransactionFault.DropClearing)] };
        var world = new World(plan);
        world.Play();
        return world.Result();
    }

    /// <summary>The pieces of the run and the script that drives them; time moves only through <see cref="AdvanceTo"/>.</summary>
    private sealed class World
    {
        private readonly FakeTimeProvider _clock;
        private readonly Ledger.Ledger _ledger;
        private readonly CardIssuer _issuer;
        private readonly LocalAcquirer _acquirer;
        private readonly BackOffice _office;
        private readonly Dictionary<string, TerminalMessages> _terminals = new(StringComparer.Ordinal);
        private readonly List<string> _terminalIds = [];
        private readonly DateTime _from;
        private long _token;

        public World(SettlementFaultPlan plan)
        {
            _from = Monday.ToDateTime(new TimeOnly(9, 0));
            _clock = new FakeTimeProvider(new DateTimeOffset(_from, Offset));
            _ledger = new Ledger.Ledger(_clock);
            _issuer = new CardIssuer(_ledger);
            _issuer.OpenBooks();
            _issuer.AddCard(Card, "2812", 1_000_000_00);
            _issuer.AddCard(OtherCard, "2812", 1_000_000_00);
            _issuer.AddCard(PoorCard, "2812", 50_00);
            _acquirer = new LocalAcquirer(_clock, _issuer, (_, _) => { });
            var n = 0;
            foreach (var merchant in (string[])["M001", "M002"])
            {
                for (var t = 0; t < 2; t++)
                {
                    var terminal = string.Create(CultureInfo.InvariantCulture, $"T{++n:D7}");
                    _acquirer.Switch.Terminals.Add(terminal, merchant);
                    _terminals.Add(terminal, new TerminalMessages(terminal, merchant));
                    _terminalIds.Add(terminal);
                }
            }

            MerchantAgreement[] agreements = [new("M001"), new("M002") { SettleDays = 2, MdrCardBps = 55 }];
            _office = new BackOffice(_acquirer.Switch, _ledger, merchants: agreements, issuer: _issuer,
                faults: new SettlementFaultInjector(plan, new Random(7)));
            _office.CatchUp(_clock.GetUtcNow());
        }

        private DateTimeOffset Now => _clock.GetUtcNow().ToOffset(Offset);

        public IReadOnlyList<TranlogEntry> Play()
        {
            var (t1, t2, t3, t4) = (_terminalIds[0], _terminalIds[1], _terminalIds[2], _terminalIds[3]);
            AdvanceTo(Monday, 10, 0);
            var a = Purchase(t1, 350_00, Card);
            Purchase(t3, 120_50, OtherCard);
            AdvanceTo(Monday, 14, 2);
            Purchase(t2, 89_90, Card);
            Purchase(t4, 900_00, PoorCard); // declined: insufficient funds
            var voided = Purchase(t3, 42_00, OtherCard);
            Send(_terminals[t3].Void(Read(OtherCard), voided.AmountMinor, voided.Rrn, Now));
            AdvanceTo(Monday, 22, 0);
            CloseBatches();
            AdvanceTo(Monday.AddDays(1), 11, 30);
            Send(_terminals[t1].Refund(Read(Card), 50_00, a.Rrn, Now));
            Purchase(t4, 15_00, PoorCard);
            Purchase(t1, 2_000_00, OtherCard);
            AdvanceTo(Monday.AddDays(1), 22, 0);
            CloseBatches();
            AdvanceTo(AsOf.AddDays(-1), 23, 0, 1);
            return _acquirer.Switch.Tranlog;
        }

        public RunResult Result()
        {
            MatchResult match;
            using (var folder = new TempFolder("possim-sample-run-"))
            {
                InterchangeExport.Write(folder.Path, _office);
                match = Matcher.Run(folder.Path, AsOf);
            }

            var expected = GroundTruth.ExpectedFindings(_office, AsOf);
            var found = match.Exceptions.Select(e => e.Kind.Key() == ExceptionKey.Transaction
                ? new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, "")
                : new ExpectedFinding(e.Kind, e.TerminalId, e.Rrn, e.PayoutId)).ToHashSet();
            var faults = Faults();
            return new RunResult
            {
                Scenario = new Scenario { Name = "sample-dropped-clearing", Description = "One dropped presentment", Start = Monday, Days = 2, Merchants = [new MerchantGroup { Id = "M001" }, new MerchantGroup { Id = "M002" }] },
                Seed = 7,
                Office = _office,
                Issuer = _issuer,
                Match = match,
                AsOf = AsOf,
                Faults = faults,
                Expected = expected,
                Expectations = [new ExpectationOutcome("approved-not-cleared", match.Counts[ExceptionKind.ApprovedNotCleared] == 1, "1",
                    match.Counts[ExceptionKind.ApprovedNotCleared].ToString(CultureInfo.InvariantCulture))],
                Counters = Counters(),
                LedgerProblems = [.. _ledger.CheckInvariants()],
                SimulatedFrom = _from,
                SimulatedTo = Now.DateTime,
                Missed = [.. expected.Where(e => !found.Contains(e))],
                Unexplained = [.. found.Where(f => !expected.Contains(f))],
            };
        }

        /// <summary>The faults as they took effect: what the incident log recorded of the aimed ones.</summary>
        private List<InjectedFault> Faults()
        {
            var faults = new List<InjectedFault>();
            foreach (var incident in _office.Incidents.Items.Where(i => i.Kind == IncidentKind.ClearingDropped))
            {
                var entry = _acquirer.Switch.Tranlog.First(e => e.TerminalId == incident.TerminalId && e.Rrn == incident.Rrn);
                faults.Add(new InjectedFault(faults.Count + 1, incident.Date.ToDateTime(new TimeOnly(23, 0)), FaultType.ClearingDropped,
                    entry.TerminalId, entry.MerchantId, entry.Rrn, entry.Stan.ToString("D6", CultureInfo.InvariantCulture), "",
                    ExceptionKind.ApprovedNotCleared.Name(), incident.Detail));
            }

            return faults;
        }

        private SortedDictionary<string, long> Counters()
        {
            var log = _acquirer.Switch.Tranlog;
            return new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["transactions"] = log.Count,
                ["approved"] = log.Count(e => e.IsApproved),
                ["declined"] = log.Count(e => e.Status == TransactionStatus.Answered && !e.IsApproved),
                ["payouts"] = _office.Engine.Payouts.Count,
            };
        }

        private TranlogEntry Purchase(string terminal, long amount, string pan) =>
            Send(_terminals[terminal].Purchase(Read(pan), amount, Now));

        private TranlogEntry Send(IsoMessage request)
        {
            var before = _acquirer.Switch.Tranlog.Count;
            _acquirer.Submit(++_token, request);
            return _acquirer.Switch.Tranlog[before];
        }

        private void CloseBatches()
        {
            foreach (var terminal in _acquirer.Switch.Terminals.All.OrderBy(t => t.TerminalId, StringComparer.Ordinal))
            {
                _acquirer.Submit(++_token, _terminals[terminal.TerminalId].BatchTotals(
                    (int)terminal.DebitCount, terminal.DebitAmount, (int)terminal.CreditCount, terminal.CreditAmount, Now));
            }
        }

        private static CardRead Read(string pan) => new(pan, "2812");

        /// <summary>Moves the clock to a local time, stopping at every timer and cut-over on the way to run it.</summary>
        private void AdvanceTo(DateOnly day, int hour, int minute, int second = 0)
        {
            var end = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute, second)), Offset);
            while (true)
            {
                _acquirer.RunDue();
                _office.CatchUp(_clock.GetUtcNow());
                var now = _clock.GetUtcNow();
                if (now >= end)
                {
                    return;
                }

                var stop = end;
                if (_acquirer.NextDue is { } due && due < stop)
                {
                    stop = due;
                }

                if (_office.LastCutOver is { } last && _office.CutOverMoment(last.AddDays(1)) is var cut && cut < stop)
                {
                    stop = cut;
                }

                _clock.Advance(stop > now ? stop - now : TimeSpan.Zero);
            }
        }
    }
}
