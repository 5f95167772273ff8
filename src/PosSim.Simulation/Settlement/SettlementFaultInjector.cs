using PosSim.Core.Settlement;
using PosSim.Core.Switch;

namespace PosSim.Simulation.Settlement;

/// <summary>
/// Applies a <see cref="SettlementFaultPlan"/> to a back office: aimed faults by terminal and RRN, rates by one
/// draw of the seeded generator per live transaction (so a seed reproduces the same picks), and the dated
/// windows (risk reviews, frozen or wrong accounts) as each cut-over reaches them.
/// </summary>
public sealed class SettlementFaultInjector : ISettlementFaults
{
    private readonly SettlementFaultPlan _plan;
    private readonly Random? _random;
    private readonly Dictionary<(string Terminal, string Rrn), TransactionFault> _targeted = [];

    // How far each dated window of the plan has been applied: 0 not yet, 1 started, 2 ended.
    private readonly int[] _holdStage;
    private readonly int[] _bounceStage;

    /// <param name="random">Picks transactions for the plan's rates; required when the plan has rates.</param>
    public SettlementFaultInjector(SettlementFaultPlan plan, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        if (plan.HasRates && random is null)
        {
            throw new ArgumentException("Fault rates need a seeded Random.", nameof(random));
        }

        _plan = plan;
        _random = random;
        foreach (var fault in plan.Targeted)
        {
            _targeted[(fault.TerminalId, fault.Rrn)] = fault.Fault;
        }

        _holdStage = new int[plan.RiskHolds.Count];
        _bounceStage = new int[plan.Bounces.Count];
    }

    public ClearingFault? ForTransaction(TranlogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var kind = Pick(entry);
        return kind is { } k ? new ClearingFault(k, _plan.AlterByMinor, _plan.DelayBusinessDays) : null;
    }

    public void BeforeSettlement(DateOnly businessDate, SettlementEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        for (var i = 0; i < _holdStage.Length; i++)
        {
            var hold = _plan.RiskHolds[i];
            if (_holdStage[i] == 0 && hold.From <= businessDate)
            {
                engine.Hold(hold.MerchantId);
                _holdStage[i] = 1;
            }

            if (_holdStage[i] == 1 && hold.ReleaseOn is { } release && release <= businessDate)
            {
                engine.Release(hold.MerchantId);
                _holdStage[i] = 2;
            }
        }

        for (var i = 0; i < _bounceStage.Length; i++)
        {
            var bounce = _plan.Bounces[i];
            if (_bounceStage[i] == 0 && bounce.From <= businessDate)
            {
                SetAccountProblem(engine, bounce, problem: true);
                _bounceStage[i] = 1;
            }

            if (_bounceStage[i] == 1 && bounce.CorrectedOn is { } corrected && corrected <= businessDate)
            {
                SetAccountProblem(engine, bounce, problem: false);
                _bounceStage[i] = 2;
            }
        }
    }

    private TransactionFault? Pick(TranlogEntry entry)
    {
        if (_targeted.TryGetValue((entry.TerminalId, entry.Rrn), out var aimed))
        {
            return aimed;
        }

        if (!_plan.HasRates)
        {
            return null;
        }

        // One draw per live transaction, whatever it turns out to be, so a seed reproduces the same picks.
        var x = _random!.NextDouble();
        return (x -= _plan.DropRate) < 0 ? TransactionFault.DropClearing
            : (x -= _plan.DuplicateRate) < 0 ? TransactionFault.DuplicateClearing
            : (x -= _plan.AlterRate) < 0 ? TransactionFault.AlterAmount
            : (x -= _plan.DelayRate) < 0 ? TransactionFault.DelaySettlement
            : null;
    }

    private static void SetAccountProblem(SettlementEngine engine, PayoutBounceWindow bounce, bool problem)
    {
        if (bounce.Reason == BounceReason.WrongAccount)
        {
            engine.SetWrongAccount(bounce.MerchantId, problem);
        }
        else
        {
            engine.SetFrozen(bounce.MerchantId, problem);
        }
    }
}
