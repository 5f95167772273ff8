using System.Globalization;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

/// <summary>Outages of the acquirer's own systems: the switch process dying and coming back, the back office's clock running ahead.</summary>
public sealed partial class SimulationRun
{
    private static readonly TimeSpan DefaultSwitchDowntime = TimeSpan.FromSeconds(15);

    private static TimeSpan SwitchDowntime(ActiveFault fault) => fault.Spec.Delay ?? DefaultSwitchDowntime;

    /// <summary>
    /// The switch process dies: every terminal connection drops with what is on the wire, and none can connect
    /// until the restart; requests at the issuer, timers and answers die with the process.
    /// </summary>
    private void CrashSwitch(ActiveFault fault)
    {
        var back = _clock.Now + SwitchDowntime(fault);
        _acquirer.CrashSwitch();
        foreach (var terminal in _terminals)
        {
            terminal.Connection++;
            if (back > terminal.OfflineUntil)
            {
                terminal.OfflineUntil = back;
            }
        }

        _faults.Record(FaultType.SwitchRestart, "", "", 0, "",
            string.Create(CultureInfo.InvariantCulture, $"the switch went down with {_acquirer.Switch.InFlightCount} requests at the issuer; terminals cannot connect until {back.ToOffset(_scenario.UtcOffset):HH:mm:ss}"),
            _businessClock.BusinessDateOf(_clock.Now));
    }

    /// <summary>The switch comes back, rebuilt from its stores; what was at the issuer is lost to it.</summary>
    private void RestartSwitch()
    {
        var report = _acquirer.RestartSwitch();
        _counters.Add("switch_restarts", 1);
        _counters.Add("switch_requests_lost_in_restart", report.LostInFlight.Count);
        var sw = _acquirer.Switch;
        _faults.Record(FaultType.SwitchRestart, "", "", 0, "",
            string.Create(CultureInfo.InvariantCulture, $"the switch restarted from its stores: {sw.Tranlog.Count} tranlog rows, {report.AdvicesResent} queued advices sent again, {report.LostInFlight.Count} requests lost"),
            _businessClock.BusinessDateOf(_clock.Now));
        foreach (var lost in report.LostInFlight)
        {
            // Never written, so nowhere in the interchange files: the matcher cannot see it. The issuer still holds
            // the money on the card until the hold expires, which is what the cardholder will call about.
            _faults.Record(FaultType.SwitchRestart, lost.TerminalId, lost.MerchantId, lost.Stan, lost.Rrn,
                string.Create(CultureInfo.InvariantCulture, $"the {lost.Kind.ToString().ToLowerInvariant()} of {lost.AmountMinor} minor units was at the issuer when the switch went down: no record of it survived, and any hold the issuer took stays on the card"),
                lost.BusinessDate);
        }
    }

    /// <summary>
    /// How far ahead the back office's clock runs when it closes <paramref name="businessDate"/>. The run's last
    /// cut-over is always on time: nothing after it would present what it left behind.
    /// </summary>
    private TimeSpan CutOverSkew(DateOnly businessDate) =>
        businessDate >= _scenario.LastDay ? TimeSpan.Zero : _faults.CutOverSkew(businessDate);

    private void RecordSkew(DateOnly businessDate, TimeSpan skew)
    {
        if (skew > TimeSpan.Zero)
        {
            _faults.Record(FaultType.CutOverSkew, "", "", 0, "",
                string.Create(CultureInfo.InvariantCulture, $"the back office's clock ran {ScenarioFormats.Duration(skew)} ahead: business date {businessDate:yyyy-MM-dd} was cleared at {LocalNow:HH:mm:ss}, before the switch's day ended"),
                businessDate);
        }
    }
}
