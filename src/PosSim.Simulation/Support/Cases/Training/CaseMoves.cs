using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>What a guided session offers: the steps of the procedure, and looking around.</summary>
public enum CaseMove
{
    Search,
    Confirm,
    Diagnose,
    Contact,
    Close,
    Apply,
    Submit,
    Approve,
    Reject,
    Escalate,
    Show,
    Quit,
}

/// <summary>
/// The moves a guided session offers at each stage: only the steps the engine takes next, so it teaches the order.
/// The first is the one the procedure expects.
/// </summary>
public static class CaseMoves
{
    public static IReadOnlyList<CaseMove> For(CaseStage stage)
    {
        CaseMove[] steps = stage switch
        {
            CaseStage.Registered => [CaseMove.Confirm, CaseMove.Search],
            CaseStage.RecordsConfirmed => [CaseMove.Diagnose],
            CaseStage.Diagnosed => [CaseMove.Contact, CaseMove.Close],
            CaseStage.CustomerContacted => [CaseMove.Apply],
            CaseStage.RefundAppliedFor => [CaseMove.Submit, CaseMove.Apply],
            CaseStage.UnderReview => [CaseMove.Approve, CaseMove.Reject],
            _ => [],
        };
        return stage is CaseStage.Completed or CaseStage.Escalated
            ? [CaseMove.Show, CaseMove.Quit]
            : [.. steps, CaseMove.Escalate, CaseMove.Show, CaseMove.Quit];
    }

    /// <summary>What an empty answer does: the step the procedure expects, or quitting when support has none to take (never escalating).</summary>
    public static CaseMove Default(CaseStage stage)
    {
        var first = For(stage)[0];
        return first is CaseMove.Escalate or CaseMove.Show ? CaseMove.Quit : first;
    }
}
