using PosSim.Core.Roles;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Settlement;

namespace PosSim.Simulation.Runs;

/// <summary>What the terminal link does to one frame.</summary>
internal readonly record struct LinkVerdict(bool Lost, TimeSpan Delay, bool Duplicate, int CorruptField)
{
    public static LinkVerdict Deliver => default;
}

/// <summary>A fault as it hit, before the run's end says what the matcher should make of it.</summary>
public sealed record FaultHit(long Sequence, DateTime LocalTime, FaultType Type, string TerminalId, string MerchantId, int Stan, string Rrn, string Detail)
{
    /// <summary>The business date of the transaction it touched (for terminal-side faults, the batch it spoils).</summary>
    public DateOnly? BusinessDate { get; init; }
}

/// <summary>
/// The scenario's faults during a run: it decides, message by message and transaction by transaction, what breaks,
/// with its own seeded generators (so adding a fault never changes the traffic), and records every hit.
/// Settlement faults enter the core through <see cref="ISettlementFaults"/>, issuer-link faults through
/// <see cref="IIssuerLinkFaults"/>; the terminal link asks <see cref="OnTerminalFrame"/>.
/// </summary>
internal sealed class FaultBook : IIssuerLinkFaults, ISettlementFaults
{
    private readonly List<ActiveFault> _link = [];
    private readonly List<ActiveFault> _issuer = [];
    private readonly List<ActiveFault> _clearing = [];
    private readonly List<ActiveFault> _batch = [];
    private readonly List<ActiveFault> _late = [];
    private readonly List<ActiveFault> _skews = [];
    private readonly Dictionary<string, List<ActiveFault>> _byRef = new(StringComparer.Ordinal);
    private readonly Random _networkRandom;
    private readonly Random _settlementRandom;
    private readonly Func<DateTime> _localNow;
    private readonly SettlementFaultInjector _datedSettlement;
    private readonly Dictionary<(string Terminal, int Stan), int> _purchaseByStan = [];
    private readonly HashSet<(string Terminal, int Stan)> _poisoned = [];
    private readonly List<FaultHit> _hits = [];
    private readonly bool _aimedBeyondTheLink;

    public FaultBook(Scenario scenario, int seed, Func<DateTime> localNow)
    {
        _networkRandom = new Random(Seeds.Derive(seed, 2));
        _settlementRandom = new Random(Seeds.Derive(seed, 3));
        _localNow = localNow;
        var risk = new List<RiskHoldWindow>();
        var bounces = new List<PayoutBounceWindow>();
        foreach (var spec in scenario.Faults)
        {
            var fault = new ActiveFault(spec, scenario.Start);
            if (spec.Ref is { } name)
            {
                if (!_byRef.TryGetValue(name, out var list))
                {
                    _byRef[name] = list = [];
                }

                list.Add(fault);
            }

            switch (spec.Type)
            {
                case FaultType.RequestLost or FaultType.ResponseLost or FaultType.ReversalLost or FaultType.LinkDelay
                    or FaultType.Duplicate or FaultType.Corrupt or FaultType.Partition:
                    _link.Add(fault);
                    break;
                case FaultType.IssuerDown or FaultType.IssuerSlow or FaultType.IssuerResponseLost or FaultType.PoisonedReversal:
                    _issuer.Add(fault);
                    break;
                case FaultType.ClearingDropped or FaultType.ClearingDuplicated or FaultType.ClearingAltered or FaultType.SettlementDelayed:
                    _clearing.Add(fault);
                    break;
                case FaultType.BatchNotClosed or FaultType.BatchOutOfBalance:
                    _batch.Add(fault);
                    break;
                case FaultType.LateReversal:
                    _late.Add(fault);
                    break;
                case FaultType.RiskHold:
                    risk.Add(new RiskHoldWindow(spec.MerchantId!, scenario.Start.AddDays(spec.Day!.Value - 1),
                        spec.UntilDay is { } release ? scenario.Start.AddDays(release - 1) : null));
                    break;
                case FaultType.PayoutBounce:
                    bounces.Add(new PayoutBounceWindow(spec.MerchantId!, scenario.Start.AddDays(spec.Day!.Value - 1),
                        spec.UntilDay is { } fixedOn ? scenario.Start.AddDays(fixedOn - 1) : null,
                        string.Equals(spec.Reason, "wrong-account", StringComparison.Ordinal) ? BounceReason.WrongAccount : BounceReason.FrozenAccount));
                    break;
                case FaultType.BankMaintenance:
                    BankWindows.Add(fault);
                    break;
                case FaultType.Disconnect:
                    Disconnects.Add(fault);
                    break;
                case FaultType.SwitchRestart:
                    SwitchRestarts.Add(fault);
                    break;
                case FaultType.CutOverSkew:
                    _skews.Add(fault);
                    break;
            }
        }

        _aimedBeyondTheLink = _issuer.Concat(_clearing).Any(f => f.IsAimed);
        _datedSettlement = new SettlementFaultInjector(new SettlementFaultPlan { RiskHolds = risk, Bounces = bounces });
    }

    /// <summary>Dropped connections; the run schedules each at its moment.</summary>
    public List<ActiveFault> Disconnects { get; } = [];

    /// <summary>Switch crashes; the run schedules each at its moment, and the restart after its delay.</summary>
    public List<ActiveFault> SwitchRestarts { get; } = [];

    /// <summary>
    /// How far ahead of the switch the back office's clock runs when it closes <paramref name="businessDate"/>:
    /// the cut-over of that date comes that much early. Zero without a cut-over-skew fault on that day.
    /// </summary>
    public TimeSpan CutOverSkew(DateOnly businessDate)
    {
        var skew = TimeSpan.Zero;
        foreach (var fault in _skews)
        {
            if ((fault.Date is null || fault.Date == businessDate) && fault.Spec.Delay is { } ahead && ahead > skew)
            {
                skew = ahead;
            }
        }

        return skew;
    }

    /// <summary>Windows in which the merchants' bank is down; the run schedules their edges.</summary>
    public List<ActiveFault> BankWindows { get; } = [];

    /// <summary>Network, issuer and terminal faults as they hit, in order.</summary>
    public IReadOnlyList<FaultHit> Hits => _hits;

    /// <summary>A terminal sends its n-th purchase: aims faults named by a planned purchase, and remembers the STAN.</summary>
    public void OnPurchaseSent(SimTerminal terminal, int nth, int stan, string? plannedName)
    {
        if (_aimedBeyondTheLink)
        {
            _purchaseByStan[(terminal.TerminalId, stan)] = nth; // only faults past the terminal link need a sale found by its STAN
        }

        if (plannedName is not null && _byRef.TryGetValue(plannedName, out var aimed))
        {
            foreach (var fault in aimed)
            {
                fault.Nth = nth;
                fault.ResolvedTerminal = terminal.TerminalId;
            }
        }
    }

    public void Record(FaultType type, string terminalId, string merchantId, int stan, string rrn, string detail, DateOnly? businessDate = null) =>
        _hits.Add(new FaultHit(_hits.Count + 1, _localNow(), type, terminalId, merchantId, stan, rrn, detail) { BusinessDate = businessDate });

    /// <summary>
    /// The terminal link's verdict on a frame: <paramref name="sale"/> is the purchase the message is for or about
    /// (null for sign-ons and batch closes).
    /// </summary>
    public LinkVerdict OnTerminalFrame(bool toSwitch, SimTerminal terminal, IsoMessage message, Sale? sale)
    {
        if (_link.Count == 0)
        {
            return LinkVerdict.Deliver;
        }

        var now = _localNow();
        var mti = message.Mti ?? "";
        var isFinancialRequest = toSwitch && mti == "0200";
        var isReversal = toSwitch && mti is "0400" or "0401";
        var isFinancialResponse = !toSwitch && mti == "0210";
        var lost = false;
        var duplicate = false;
        var corrupt = 0;
        var delay = TimeSpan.Zero;
        foreach (var fault in _link)
        {
            var aimed = sale is not null && fault.Aims(terminal.TerminalId, sale.Nth);
            switch (fault.Type)
            {
                case FaultType.Partition when fault.Covers(now) && fault.Scopes(terminal.TerminalId, terminal.MerchantId):
                    lost = true;
                    Record(fault.Type, terminal, message, sale, $"{mti} {(toSwitch ? "to the switch" : "to the terminal")} lost in a partition of the link");
                    break;
                case FaultType.RequestLost when isFinancialRequest && Strikes(fault, aimed, now):
                    lost = true;
                    Record(fault.Type, terminal, message, sale, $"the {Describe(message)} never reached the switch");
                    break;
                case FaultType.ResponseLost when isFinancialResponse && Strikes(fault, aimed, now):
                    lost = true;
                    Record(fault.Type, terminal, message, sale, $"the switch's answer {message.ResponseCode} to the {Describe(message)} never reached the terminal");
                    break;
                case FaultType.ReversalLost when isReversal && Strikes(fault, aimed, now):
                    lost = true;
                    Record(fault.Type, terminal, message, sale, $"the terminal's reversal ({mti}) never reached the switch");
                    break;
                case FaultType.Duplicate when isFinancialRequest && Strikes(fault, aimed, now):
                    duplicate = true;
                    Record(fault.Type, terminal, message, sale, $"the {Describe(message)} reached the switch twice");
                    break;
                case FaultType.Corrupt when isFinancialRequest && Strikes(fault, aimed, now):
                    corrupt = fault.Spec.Field ?? 4;
                    Record(fault.Type, terminal, message, sale, $"field {corrupt} of the {Describe(message)} was damaged on the way");
                    break;
                case FaultType.LinkDelay when (fault.IsAimed ? aimed && (isFinancialRequest || isFinancialResponse) : fault.Covers(now) && (!fault.IsRate || Draw(fault))):
                    var extra = fault.Spec.Jitter is { } jitter && jitter > TimeSpan.Zero
                        ? TimeSpan.FromTicks((long)(_networkRandom.NextDouble() * jitter.Ticks))
                        : TimeSpan.Zero;
                    delay += (fault.Spec.Delay ?? TimeSpan.Zero) + extra;
                    Record(fault.Type, terminal, message, sale, $"{mti} {(toSwitch ? "to the switch" : "to the terminal")} delayed by {delay.TotalMilliseconds:0} ms");

                    break;
            }
        }

        return new LinkVerdict(lost, delay, duplicate && !lost, lost ? 0 : corrupt);
    }

    public LinkDecision OnRequest(IsoMessage request)
    {
        if (_issuer.Count == 0)
        {
            return LinkDecision.Deliver;
        }

        var now = _localNow();
        foreach (var fault in _issuer)
        {
            if (fault.Type == FaultType.IssuerDown && fault.Covers(now))
            {
                RecordIssuer(fault.Type, request, $"{request.Mti} dropped: the issuer is down");
                return LinkDecision.Drop;
            }
        }

        return LinkDecision.Deliver;
    }

    public LinkDecision OnResponse(IsoMessage response)
    {
        if (_issuer.Count == 0)
        {
            return LinkDecision.Deliver;
        }

        var now = _localNow();
        var key = (response.TerminalId ?? "", response.Stan ?? 0);
        var mti = response.Mti ?? "";
        if (mti is "0430" && _poisoned.Contains(key))
        {
            RecordIssuer(FaultType.PoisonedReversal, response, "the issuer's acknowledgement of the reversal advice was lost again");
            return LinkDecision.Drop;
        }

        var nth = mti == "0210" && _purchaseByStan.TryGetValue(key, out var n) ? n : 0;
        var delay = TimeSpan.Zero;
        foreach (var fault in _issuer)
        {
            var aimed = nth > 0 && fault.Aims(key.Item1, nth);
            switch (fault.Type)
            {
                case FaultType.IssuerSlow when fault.Covers(now):
                    delay += fault.Spec.Delay ?? TimeSpan.Zero;
                    RecordIssuer(fault.Type, response, $"the issuer's {mti} ({response.ResponseCode}) reached the switch {(fault.Spec.Delay ?? TimeSpan.Zero).TotalMilliseconds:0} ms late");
                    break;
                case FaultType.IssuerResponseLost when mti == "0210" && Strikes(fault, aimed, now):
                    RecordIssuer(fault.Type, response, $"the issuer's answer {response.ResponseCode} never reached the switch");
                    return LinkDecision.Drop;
                case FaultType.PoisonedReversal when mti == "0210" && Strikes(fault, aimed, now):
                    _poisoned.Add(key);
                    RecordIssuer(fault.Type, response, $"the issuer's answer {response.ResponseCode} was lost and so will be every acknowledgement of the switch's reversal");
                    return LinkDecision.Drop;
            }
        }

        return delay > TimeSpan.Zero ? LinkDecision.DelayBy(delay) : LinkDecision.Deliver;
    }

    public ClearingFault? ForTransaction(TranlogEntry entry)
    {
        if (_clearing.Count == 0)
        {
            return null;
        }

        var nth = entry.Kind == TransactionKind.Purchase && _purchaseByStan.TryGetValue((entry.TerminalId, entry.Stan), out var n) ? n : 0;
        foreach (var fault in _clearing)
        {
            var aimed = nth > 0 && fault.Aims(entry.TerminalId, nth);
            var hit = fault.IsAimed ? aimed : fault.Covers(entry.LocalTime) && _settlementRandom.NextDouble() < fault.Spec.Rate;
            if (!hit)
            {
                continue;
            }

            return fault.Type switch
            {
                FaultType.ClearingDropped => new ClearingFault(TransactionFault.DropClearing),
                FaultType.ClearingDuplicated => new ClearingFault(TransactionFault.DuplicateClearing),
                FaultType.ClearingAltered => new ClearingFault(TransactionFault.AlterAmount, AlterByMinor: fault.Spec.ByMinor ?? 100),
                _ => new ClearingFault(TransactionFault.DelaySettlement, DelayBusinessDays: fault.Spec.Days ?? 2),
            };
        }

        return null;
    }

    public void BeforeSettlement(DateOnly businessDate, SettlementEngine engine) => _datedSettlement.BeforeSettlement(businessDate, engine);

    /// <summary>Whether the terminal skips or spoils its batch close today; the amount added when it spoils it.</summary>
    public (bool Skip, long AddMinor) BatchFault(SimTerminal terminal, DateOnly date)
    {
        foreach (var fault in _batch)
        {
            if (string.Equals(fault.Spec.TerminalId, terminal.TerminalId, StringComparison.Ordinal) && (fault.Date is null || fault.Date == date))
            {
                return fault.Type == FaultType.BatchNotClosed ? (true, 0) : (false, fault.Spec.ByMinor ?? 100);
            }
        }

        return (false, 0);
    }

    /// <summary>Late reversals aimed at this sale: how many calendar days after it each is sent.</summary>
    public IEnumerable<int> LateReversalsOf(SimTerminal terminal, Sale sale)
    {
        foreach (var fault in _late)
        {
            if (fault.Aims(terminal.TerminalId, sale.Nth))
            {
                yield return fault.Spec.Days ?? 1;
            }
        }
    }

    private bool Strikes(ActiveFault fault, bool aimed, DateTime now) =>
        fault.IsAimed ? aimed : fault.Covers(now) && (fault.Spec.Rate is not { } rate || _networkRandom.NextDouble() < rate);

    private bool Draw(ActiveFault fault) => _networkRandom.NextDouble() < fault.Spec.Rate;

    private void Record(FaultType type, SimTerminal terminal, IsoMessage message, Sale? sale, string detail) =>
        Record(type, terminal.TerminalId, terminal.MerchantId, message.Stan ?? 0, message.Rrn ?? sale?.Rrn ?? "", detail, sale?.BusinessDate);

    private void RecordIssuer(FaultType type, IsoMessage message, string detail) =>
        Record(type, message.TerminalId ?? "", (message.MerchantId ?? "").TrimEnd(), message.Stan ?? 0, message.Rrn ?? "", detail);

    private static string Describe(IsoMessage message) =>
        (ProcessingCodes.TypeOf(message) switch
        {
            ProcessingCodes.Refund => "refund",
            ProcessingCodes.Void => "void",
            _ => "purchase",
        }) + " STAN " + (message.Stan ?? 0).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
