using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Runs;

/// <summary>A fault of the scenario made ready for the run: its window as dates and times, its aim resolved.</summary>
internal sealed class ActiveFault
{
    public ActiveFault(FaultSpec spec, DateOnly start)
    {
        Spec = spec;
        Date = spec.Day is { } day ? start.AddDays(day - 1) : null;
        Nth = spec.Nth;
    }

    public FaultSpec Spec { get; }

    public FaultType Type => Spec.Type;

    /// <summary>The calendar day of the window; null for every day.</summary>
    public DateOnly? Date { get; }

    /// <summary>The n-th purchase aimed at; for a fault aimed by planned name, set when that purchase is sent.</summary>
    public int? Nth { get; set; }

    /// <summary>For a fault aimed by planned name: the terminal of that purchase, set when it is sent.</summary>
    public string? ResolvedTerminal { get; set; }

    public bool IsAimed => Spec.Nth is not null || Spec.Ref is not null;

    public bool IsRate => Spec.Rate is not null;

    /// <summary>Whether a moment falls in the fault's window (no window: always).</summary>
    public bool Covers(DateTime local)
    {
        if (Date is { } date && DateOnly.FromDateTime(local) != date)
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        return (Spec.From is not { } from || time >= from) && (Spec.To is not { } to || time < to);
    }

    /// <summary>Whether the fault names this terminal's n-th purchase.</summary>
    public bool Aims(string terminalId, int nth) =>
        Nth == nth && string.Equals(Spec.TerminalId ?? ResolvedTerminal, terminalId, StringComparison.Ordinal);

    /// <summary>Whether a windowed fault (partition) applies to the terminal: it names it, its merchant, or nobody (all).</summary>
    public bool Scopes(string terminalId, string merchantId) =>
        (Spec.TerminalId is null || string.Equals(Spec.TerminalId, terminalId, StringComparison.Ordinal)) &&
        (Spec.MerchantId is null || string.Equals(Spec.MerchantId, merchantId, StringComparison.Ordinal));
}
