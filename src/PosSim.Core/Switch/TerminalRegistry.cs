namespace PosSim.Core.Switch;

/// <summary>A POS terminal the acquirer has provisioned, and what the switch knows of it now.</summary>
public sealed class Terminal
{
    public Terminal(string terminalId, string merchantId)
    {
        TerminalId = terminalId;
        MerchantId = merchantId;
    }

    public string TerminalId { get; }

    public string MerchantId { get; }

    /// <summary>
    /// Provisioned terminals start signed on, so a terminal that never sends 0800 still works (docs/serve-protocol.md);
    /// a sign-off (0800, field 70 = 002) refuses its financial requests until it signs on again.
    /// </summary>
    public bool SignedOn { get; internal set; } = true;

    /// <summary>
    /// The connection the terminal signed on from, while it is open; 0 when none. Only that connection (or a host
    /// link) may then speak for the terminal (docs/switch.md, "Who may say what").
    /// </summary>
    public long BoundConnection { get; internal set; }

    /// <summary>The open batch; a balanced 0500 closes it and opens the next.</summary>
    public int BatchNumber { get; internal set; } = 1;

    /// <summary>Approved, uncancelled purchases in the open batch (debits, as field 76 counts them).</summary>
    public long DebitCount { get; private set; }

    public long DebitAmount { get; private set; }

    /// <summary>Approved, uncancelled refunds in the open batch (credits, field 74).</summary>
    public long CreditCount { get; private set; }

    public long CreditAmount { get; private set; }

    internal void AddToBatch(bool credit, int sign, long amount)
    {
        if (credit)
        {
            CreditCount += sign;
            CreditAmount = checked(CreditAmount + (sign * amount));
        }
        else
        {
            DebitCount += sign;
            DebitAmount = checked(DebitAmount + (sign * amount));
        }
    }

    internal void CloseBatch() => OpenBatch(BatchNumber + 1);

    /// <summary>Opens batch <paramref name="batchNumber"/> with nothing in it.</summary>
    internal void OpenBatch(int batchNumber)
    {
        BatchNumber = batchNumber;
        DebitCount = DebitAmount = CreditCount = CreditAmount = 0;
    }
}

/// <summary>The terminals the switch accepts, by field 41.</summary>
public sealed class TerminalRegistry
{
    private readonly Dictionary<string, Terminal> _terminals = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Terminal> All => _terminals.Values;

    public Terminal Add(string terminalId, string merchantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(terminalId);
        ArgumentException.ThrowIfNullOrEmpty(merchantId);
        var terminal = new Terminal(terminalId, merchantId);
        _terminals.Add(terminalId, terminal);
        return terminal;
    }

    public bool TryGet(string? terminalId, out Terminal terminal)
    {
        if (terminalId is not null && _terminals.TryGetValue(terminalId, out var found))
        {
            terminal = found;
            return true;
        }

        terminal = null!;
        return false;
    }
}
