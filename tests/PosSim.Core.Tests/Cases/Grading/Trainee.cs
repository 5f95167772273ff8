using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using static PosSim.Core.Tests.Cases.CaseWorld;

namespace PosSim.Core.Tests.Cases.Grading;

/// <summary>A trainee working a case over <see cref="CaseWorld"/>: every step goes through the engine, and what was tried is kept for grading.</summary>
internal sealed class Trainee(CaseWorld world)
{
    private readonly List<CaseWork> _work = [];

    public SupportCase Case { get; private set; } = Open();

    public IReadOnlyList<CaseWork> Work => _work;

    public AnswerKey Key => AnswerKey.For(1, world.Current);

    /// <summary>What a search of the records for the complaint finds.</summary>
    public IReadOnlyList<TransactionFacts> Candidates => world.Search(new TransactionQuery(Merchant, null, SaleTime.AddHours(-2), SaleTime.AddHours(2), 350_00));

    public Trainee Search()
    {
        _work.Add(new SearchedRecords(Now, "ana", Candidates.Count));
        return this;
    }

    /// <summary>Tries each step, accepted or not, as a person at the command line would.</summary>
    public Trainee Try(params CaseAction[] actions)
    {
        foreach (var action in actions)
        {
            var decision = CaseEngine.Apply(Case, action, world, CasePolicy.Default);
            _work.Add(new TriedStep(action, decision.Refusal));
            Case = decision.Case;
        }

        return this;
    }

    public Grade Grade() => CaseGrader.Grade(Case, _work, Key);

    /// <summary>The procedure followed to the approval, as the key says it should be.</summary>
    public static CaseAction[] RightSteps(MoneyState money, ResolutionPath path) => [.. Procedure(money, path).Take(6)];
}
