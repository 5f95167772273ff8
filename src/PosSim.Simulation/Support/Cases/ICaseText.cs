using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// Everything `possim case` says to people, in one language. With <see cref="ITraceText"/> it is the one text resource
/// of the language (<see cref="CaseTextEn"/>, <see cref="CaseTextZhCn"/>), split across files by what speaks.
/// </summary>
public partial interface ICaseText
{
    string Code { get; }

    string Stage(CaseStage stage);

    string Money(MoneyState money);

    string Path(ResolutionPath path);

    string Advice(PreventiveAdvice advice);

    /// <summary>Why a step was refused and what to do instead.</summary>
    string Refusal(CaseRefusal refusal);

    /// <summary>What comes next at a stage, as the commands to run.</summary>
    string NextStep(CaseStage stage, long caseId);

    string CaseTitle(long id, CaseStage stage);

    string Complaint(Complaint complaint);

    string Transaction(TransactionFacts t, string money);

    string Application(RefundApplication application);

    string AuditHeading { get; }

    string AdviceHeading { get; }

    string CandidatesHeading(int count);

    string NoCandidates { get; }

    string Refused { get; }

    /// <summary>Shown while the run is played again to carry out approved cases.</summary>
    string Processing { get; }

    string NothingToProcess { get; }
}

/// <summary>The languages cases speak.</summary>
public static class CaseLanguages
{
    public static ICaseText? Find(string code) => code switch
    {
        "en" => CaseTextEn.Instance,
        "zh-CN" => CaseTextZhCn.Instance,
        _ => null,
    };
}
