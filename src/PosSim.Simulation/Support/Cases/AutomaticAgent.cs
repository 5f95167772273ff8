using PosSim.Core.Cases;
using PosSim.Simulation.Runs;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// Works a scenario's complaints through the procedure with <see cref="CaseAgent"/>, over the run folder, exactly as
/// a person with <c>possim case</c> would: each complaint is opened, searched, confirmed, diagnosed, agreed,
/// applied for, reviewed and carried out, or escalated with the reason. The steps land in cases.ndjson, so the
/// cases can be shown, traced and continued like any other.
/// </summary>
public static class AutomaticAgent
{
    /// <summary>Steps a case takes at most before the agent gives up on it (the procedure has nine).</summary>
    private const int MaxSteps = 24;

    /// <returns>Every case of the run folder once the agent is done, and the run as played again (null when nothing was carried out).</returns>
    public static CarriedOut Work(string runDir, IReadOnlyList<ComplaintSpec> complaints, Func<SimulationRun, SimulationOutcome>? simulate = null)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        var agreements = new Dictionary<long, AgentAgreement>();
        using (var book = CaseBook.Open(runDir))
        {
            foreach (var complaint in complaints)
            {
                var opened = book.OpenCase(CaseAgent.Actor, new Complaint(complaint.MerchantId, complaint.TerminalId, complaint.Around, complaint.AmountMinor, complaint.Words));
                agreements[opened.Id] = complaint.PayLate ? AgentAgreement.PayLate : AgentAgreement.Refund;
                Drive(book, opened.Id, agreements[opened.Id]);
            }
        }

        var carried = CaseExecution.CarryOut(runDir, simulate);
        using (var book = CaseBook.Open(runDir))
        {
            foreach (var (id, agreement) in agreements)
            {
                Drive(book, id, agreement); // a way back that moved nothing is escalated
            }

            return carried with { Cases = [.. book.Cases] };
        }
    }

    /// <summary>Takes the agent's steps until it has none; a refused step escalates the case with the refusal.</summary>
    private static void Drive(CaseBook book, long id, AgentAgreement agreement)
    {
        for (var i = 0; i < MaxSteps; i++)
        {
            var c = book.Get(id);
            // The records are searched, as the procedure asks, before a transaction is confirmed; the search is logged.
            var candidates = c.Stage == CaseStage.Registered ? book.Search(id, CaseAgent.Actor) : book.Candidates(c);
            if (CaseAgent.Next(c, candidates, book.Facts, agreement, book.NextAt) is null)
            {
                return;
            }

            var decision = book.Do(id, at => CaseAgent.Next(c, candidates, book.Facts, agreement, at)!);
            if (decision.Refusal is { } refusal)
            {
                book.Do(id, at => new Escalate(CaseAgent.Actor, at, "refused: " + CaseNames.Of(refusal.Reason)));
                return;
            }
        }

        book.Do(id, at => new Escalate(CaseAgent.Actor, at, "the procedure did not end: handed on"));
    }
}
