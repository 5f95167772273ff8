using System.Globalization;
using PosSim.Interchange;
using PosSim.Simulation.Runs;
using SQLitePCL;

namespace PosSim.Simulation.Outputs.Database;

internal static partial class Rows
{
    /// <summary>The matcher's findings in the order of exceptions.csv.</summary>
    public static long Exceptions(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Exceptions);
        foreach (var e in run.Match.Exceptions)
        {
            insert.Text(e.Kind.Name()).Text(e.MerchantId).Text(e.TerminalId).Text(e.Rrn).Text(e.PayoutId).Text(e.StatementId)
                .Text(e.BusinessDate).Int(e.ExpectedMinor).Int(e.ActualMinor).Text(Redaction.FreeText(e.Detail))
                .Row();
        }

        return insert.Count;
    }

    /// <summary>The injected faults in the order they took effect, as ground-truth.csv has them.</summary>
    public static long Faults(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Faults);
        foreach (var f in run.Faults)
        {
            insert.Int(f.Sequence).Time(f.LocalTime).Text(f.Fault).Text(f.TerminalId).Text(f.MerchantId).Text(f.Rrn).Text(f.Stan)
                .Text(f.PayoutId).Text(f.ExpectedKind).Text(Redaction.FreeText(f.Detail))
                .Row();
        }

        return insert.Count;
    }

    /// <summary>The support cases' resolutions, by case.</summary>
    public static long Resolutions(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Resolutions);
        foreach (var r in run.Resolutions.OrderBy(r => r.Order.CaseId))
        {
            var o = r.Order;
            insert.Int(o.CaseId).Text(Support.Cases.CaseNames.Of(o.Path)).Text(o.TerminalId).Text(o.Rrn).Int(o.AmountMinor).Time(o.At)
                .Text(r.MessageRrn).Text(r.ClearingId).Text(r.PayoutId).Text(Redaction.FreeText(r.Proof)).Text(r.Failure is null ? null : Redaction.FreeText(r.Failure))
                .Row();
        }

        return insert.Count;
    }

    public static long Expectations(sqlite3 db, RunResult run)
    {
        using var insert = new Inserter(db, Schema.Expectations);
        foreach (var e in run.Expectations)
        {
            insert.Text(e.Name).Bool(e.Held).Text(e.Expected).Text(e.Actual).Row();
        }

        return insert.Count;
    }

    /// <summary>The run's facts as key/value text: what was run, over which days, and what came of it.</summary>
    public static long Run(sqlite3 db, RunResult run)
    {
        var match = run.Match;
        var facts = new List<(string Key, string Value)>
        {
            ("scenario", run.Scenario.Name),
            ("description", run.Scenario.Description),
            ("seed", Number(run.Seed)),
            ("as_of", run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("simulated_from", run.SimulatedFrom.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            ("simulated_to", run.SimulatedTo.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            ("utc_offset", (run.Scenario.UtcOffset < TimeSpan.Zero ? "-" : "+") + run.Scenario.UtcOffset.ToString(@"hh\:mm", CultureInfo.InvariantCulture)),
            ("currency", run.Scenario.Currency),
            ("match.live", Number(match.Live)),
            ("match.matched", Number(match.Matched)),
            ("match.pending", Number(match.Pending)),
            ("match.touched", Number(match.Touched)),
            ("match.exceptions", Number(match.Exceptions.Count)),
            ("faults", Number(run.Faults.Count)),
            ("expected_findings", Number(run.Expected.Count)),
            ("missed", Number(run.Missed.Count)),
            ("unexplained", Number(run.Unexplained.Count)),
            ("all_expectations_held", run.AllExpectationsHeld ? "true" : "false"),
            ("ledger_problems", Number(run.LedgerProblems.Count)),
        };

        // Lists keep their order: missed.1, missed.2, ... so each reads on its own line of `SELECT * FROM run`.
        AddList(facts, "missed", run.Missed.Select(f => f.ToString()));
        AddList(facts, "unexplained", run.Unexplained.Select(f => f.ToString()));
        AddList(facts, "ledger_problem", run.LedgerProblems);
        foreach (var (name, count) in run.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            facts.Add(("counter." + name, Number(count)));
        }

        using var insert = new Inserter(db, Schema.Run);
        foreach (var (key, value) in facts)
        {
            insert.Text(key).Text(Redaction.FreeText(value)).Row();
        }

        return insert.Count;
    }

    private static void AddList(List<(string Key, string Value)> facts, string name, IEnumerable<string> values)
    {
        var n = 0;
        foreach (var value in values)
        {
            facts.Add((string.Create(CultureInfo.InvariantCulture, $"{name}.{++n}"), value));
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
