using System.Globalization;
using PosSim.Simulation.Outputs.Report;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Outputs;

/// <summary>
/// report.html: one self-contained page about a finished run, for the people who read it rather than diff it.
/// Summary, money per merchant, exceptions with their causes, faults beside findings, a timeline per exception
/// and charts, with inline CSS, a few lines of script and SVG; nothing is fetched, so it opens from an email.
/// </summary>
/// <remarks>
/// Deterministic like the rest of a run's outputs: invariant culture, ordinal orders, no wall-clock time and no
/// generated ids, so the same run gives the same bytes. Every list is read in one pass and only aggregates and
/// the exceptions become rows, so a run of a million transactions gives a page of the same size as a small one.
/// </remarks>
public static class HtmlReport
{
    public static void Write(TextWriter writer, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        var model = new ReportModel(run);
        var w = writer;
        var scenario = run.Scenario;
        var title = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name} \u2014 PosSim run report (seed {run.Seed})");

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        w.Write(ReportAssets.ContentSecurityPolicy);
        w.Write("\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
        Html.Text(w, title);
        w.Write("</title>\n<style>\n");
        w.Write(ReportAssets.Css);
        w.Write("\n</style>\n</head>\n<body>\n");

        WriteHeader(w, run, model);
        w.Write("<nav><a href=\"#summary\">Summary</a><a href=\"#money\">Money flow</a><a href=\"#exceptions-section\">Exceptions</a>");
        w.Write("<a href=\"#faults\">Faults</a>");
        if (run.Resolutions.Count > 0)
        {
            w.Write("<a href=\"#support\">Support cases</a>");
        }

        w.Write("<a href=\"#timelines\">Timelines</a><a href=\"#charts\">Charts</a></nav>\n<main>\n");
        SummarySection.Write(w, model);
        w.Write('\n');
        MoneyFlowSection.Write(w, model);
        w.Write('\n');
        ExceptionsSection.Write(w, model);
        w.Write('\n');
        FaultsSection.Write(w, model);
        w.Write('\n');
        SupportSection.Write(w, model);
        TimelineSection.Write(w, model);
        w.Write('\n');
        ChartsSection.Write(w, model);
        w.Write("\n</main>\n<footer>");
        Html.Text(w, string.Create(CultureInfo.InvariantCulture,
            $"possim run of {(scenario.SourceFile.Length > 0 ? Path.GetFileName(scenario.SourceFile) : scenario.Name)}, seed {run.Seed}. The same scenario and seed give this same file, byte for byte."));
        w.Write("</footer>\n<script>\n");
        w.Write(ReportAssets.Script);
        w.Write("\n</script>\n</body>\n</html>\n");
    }

    private static void WriteHeader(TextWriter w, RunResult run, ReportModel model)
    {
        var scenario = run.Scenario;
        w.Write("<header><h1>");
        Html.Text(w, scenario.Name);
        w.Write("</h1>");
        if (scenario.Description.Length > 0)
        {
            w.Write("<p>");
            Html.Text(w, scenario.Description);
            w.Write("</p>");
        }

        w.Write("<dl>");
        Fact(w, "seed", run.Seed.ToString(CultureInfo.InvariantCulture));
        Fact(w, "simulated", $"{Html.Time(run.SimulatedFrom)} \u2192 {Html.Time(run.SimulatedTo)}");
        Fact(w, "trading days", scenario.Days == 1
            ? Html.Date(scenario.Start)
            : string.Create(CultureInfo.InvariantCulture, $"{Html.Date(scenario.Start)} \u2192 {Html.Date(scenario.LastTradingDay)} ({scenario.Days} days)"));
        Fact(w, "matched as of", Html.Date(run.AsOf));
        Fact(w, "currency", model.CurrencyName);
        Fact(w, "expectations", run.Expectations.Count == 0 ? "none set" : run.AllExpectationsHeld ? "all held" : "some failed");
        w.Write("</dl></header>\n");
    }

    private static void Fact(TextWriter w, string name, string value)
    {
        w.Write("<div><dt>");
        Html.Text(w, name);
        w.Write("</dt><dd>");
        Html.Text(w, value);
        w.Write("</dd></div>");
    }
}
