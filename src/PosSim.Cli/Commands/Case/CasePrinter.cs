using PosSim.Core.Cases;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Cli.Commands.Case;

/// <summary>What `possim case` prints: plain lines that read well in a terminal and in a support ticket.</summary>
internal static class CasePrinter
{
    public static void Accepted(TextWriter output, SupportCase c, ICaseText text)
    {
        output.WriteLine(text.CaseTitle(c.Id, c.Stage));
        output.WriteLine(text.NextStep(c.Stage, c.Id));
    }

    public static void List(TextWriter output, CaseBook book, ICaseText text)
    {
        foreach (var c in book.Cases)
        {
            output.WriteLine($"{text.CaseTitle(c.Id, c.Stage)} | {text.Complaint(c.Complaint)}");
        }
    }

    public static void Show(TextWriter output, SupportCase c, ICaseText text)
    {
        output.WriteLine(text.CaseTitle(c.Id, c.Stage));
        output.WriteLine(text.Complaint(c.Complaint));
        if (c.Transaction is { } t)
        {
            output.WriteLine(text.Transaction(t, text.Money(c.Diagnosis ?? t.Money)));
        }

        if (c.AgreedPath is { } path)
        {
            output.WriteLine($"- {text.Path(path)}{(c.AgreedBy is { } by ? $" ({by:yyyy-MM-dd})" : "")}");
        }

        if (c.Application is { } a)
        {
            output.WriteLine($"- {text.Application(a)}");
        }

        foreach (var rejection in c.Rejections)
        {
            output.WriteLine($"- x {rejection}");
        }

        if (c.Advice.Length > 0)
        {
            output.WriteLine();
            output.WriteLine(text.AdviceHeading);
            foreach (var advice in c.Advice)
            {
                output.WriteLine($"- {text.Advice(advice)}");
            }
        }

        output.WriteLine();
        output.WriteLine(text.AuditHeading);
        foreach (var e in c.Audit)
        {
            output.WriteLine($"{e.At:yyyy-MM-dd HH:mm} {e.Actor}: {e.Action} -> {text.Stage(e.To)}{(e.Detail.Length > 0 ? $" ({e.Detail})" : "")}");
        }

        output.WriteLine();
        output.WriteLine(text.NextStep(c.Stage, c.Id));
    }

    public static void Candidates(TextWriter output, IReadOnlyList<TransactionFacts> found, ICaseText text)
    {
        if (found.Count == 0)
        {
            output.WriteLine(text.NoCandidates);
            return;
        }

        output.WriteLine(text.CandidatesHeading(found.Count));
        foreach (var t in found)
        {
            output.WriteLine($"- {text.Transaction(t, text.Money(t.Money))}");
        }
    }
}
