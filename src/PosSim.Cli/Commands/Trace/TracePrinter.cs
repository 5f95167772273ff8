using PosSim.Simulation.Support;
using Spectre.Console;

namespace PosSim.Cli.Commands.Trace;

/// <summary>The story for people: a table of hops, the trouble marked, then the three answers support needs.</summary>
internal static class TracePrinter
{
    public static void WriteStory(IAnsiConsole console, TraceStory story, ITraceText text)
    {
        console.MarkupLine($"[bold]{Markup.Escape(story.Title)}[/]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(text.Time);
        table.AddColumn(text.Route);
        table.AddColumn(text.WhatHappened);
        foreach (var step in story.Steps)
        {
            var route = $"{text.HopName(step.From)} → {text.HopName(step.To)}";

            // "!" marks the trouble without colour, so it survives a pipe, a file and a copy into a ticket.
            var what = step.Trouble ? $"[red]! {Markup.Escape(step.Text)}[/]" : Markup.Escape(step.Text);
            table.AddRow(Markup.Escape(step.Time), Markup.Escape(route), what);
        }

        console.Write(table);
        Section(console, text.MoneyNowHeading, [story.MoneyNow]);
        Section(console, text.TellMerchantHeading, [story.TellMerchant]);
        Section(console, text.NextStepsHeading, story.NextSteps);
        if (story.Findings.Count > 0)
        {
            Section(console, text.FindingsHeading, story.Findings);
        }
    }

    public static void WriteCandidates(IAnsiConsole console, IReadOnlyList<TranlogRow> candidates, ITraceText text)
    {
        console.MarkupLine($"[bold]{Markup.Escape(text.Candidates(candidates.Count))}[/]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(text.Rrn);
        table.AddColumn(text.Terminal);
        table.AddColumn(text.Stan);
        table.AddColumn(text.Time);
        table.AddColumn(text.Kind);
        table.AddColumn(new TableColumn(text.Amount).RightAligned());
        table.AddColumn(text.Answer);
        foreach (var t in candidates)
        {
            table.AddRow(
                Markup.Escape(t.Rrn), Markup.Escape(t.TerminalId), t.Stan.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(t.LocalTime.Replace('T', ' ')), Markup.Escape(text.KindName(t.Kind)),
                Markup.Escape(text.Money(t.AmountMinor, t.Currency)), Markup.Escape($"{t.ResponseCode} {text.ResponseMeaning(t.ResponseCode)}"));
        }

        console.Write(table);
        console.Write(new Text(text.CandidatesHint + "\n"));
    }

    private static void Section(IAnsiConsole console, string heading, IReadOnlyList<string> lines)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(heading)}[/]");
        foreach (var line in lines)
        {
            // Indented as a block, so a long sentence wraps under itself rather than at the margin.
            console.Write(new Padder(new Text(line), new Padding(2, 0, 0, 0)));
        }
    }
}
