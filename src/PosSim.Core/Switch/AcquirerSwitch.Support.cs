using PosSim.Iso8583;

namespace PosSim.Core.Switch;

/// <summary>What the switch did for support when asked to release a hold: the reversal it logged, or why it would not.</summary>
/// <param name="Reversal">The reversal row logged (its RRN is the proof on the tranlog), or null when refused.</param>
/// <param name="Refusal">Why nothing was sent, in words for the case record.</param>
public sealed record SupportReversal(TranlogEntry? Reversal, string? Refusal);

/// <summary>
/// Messages the acquirer's back office originates for a support case, not a terminal: the hold an issuer still keeps
/// for a sale the merchant was never paid for is released with a reversal advice (0420) through store-and-forward,
/// so it reaches the issuer however long the issuer is away.
/// </summary>
public sealed partial class AcquirerSwitch
{
    /// <summary>
    /// Releases the issuer's hold of the purchase <paramref name="rrn"/> of <paramref name="terminalId"/>: logs an
    /// approved reversal that cancels the purchase (so clearing never presents it) and queues the 0420 for the
    /// issuer. <paramref name="pan"/> is the card, which the switch keeps only masked and hashed; the back office
    /// reads it from its protected store.
    /// </summary>
    public SupportReversal ReleaseHold(string terminalId, string rrn, string pan)
    {
        ArgumentNullException.ThrowIfNull(pan);
        var now = _time.GetUtcNow();
        var original = FindLogged(terminalId, rrn);
        if (original is null || original.Kind != TransactionKind.Purchase)
        {
            return new SupportReversal(null, $"no purchase {rrn} on terminal {terminalId} in the switch log");
        }

        if (original.CancelledBy is { } by)
        {
            return new SupportReversal(null, $"purchase {rrn} was already reversed or voided by {by}");
        }

        if (original.Status == TransactionStatus.InFlight)
        {
            return new SupportReversal(null, $"purchase {rrn} is still waiting for the issuer's answer");
        }

        if (!Terminals.TryGet(terminalId, out var terminal))
        {
            return new SupportReversal(null, $"terminal {terminalId} is not provisioned");
        }

        var template = new IsoMessage("0200");
        template.Set(IsoMessage.FieldPan, pan);
        template.Set(IsoMessage.FieldTerminalId, terminalId);
        template.Set(42, original.MerchantId);
        template.Set(IsoMessage.FieldCurrency, original.Currency.NumericCode.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        var local = Options.Clock.Local(now);
        template.Set(12, local.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        template.Set(13, local.ToString("MMdd", System.Globalization.CultureInfo.InvariantCulture));

        var advice = new IsoMessage("0420");
        template.CopyFieldsTo(advice, [2, 12, 13, 41, 42, 49]);
        advice.ProcessingCode = "000000";
        advice.AmountMinor = original.AmountMinor;
        advice.Stan = original.Stan;
        if (original.TransmissionDateTime.Length > 0)
        {
            advice.Set(IsoMessage.FieldTransmissionDateTime, original.TransmissionDateTime);
        }

        var reversal = Log(TransactionKind.Reversal, advice, terminal, now, original.Rrn, original.PanMasked, original.PanHash);
        reversal.Status = TransactionStatus.Answered;
        reversal.ResponseCode = ResponseCodes.Approved; // the acquirer's own advice: final on its side, the issuer must take it
        _effects.Record(reversal);
        Cancel(original, reversal.Rrn);
        QueueReversalOf(original, template, now);
        return new SupportReversal(reversal, null);
    }

    /// <summary>A logged transaction by terminal and RRN, searched from the newest: support asks rarely, so no index is kept for it.</summary>
    public TranlogEntry? FindLogged(string terminalId, string rrn)
    {
        for (var i = _log.Count - 1; i >= 0; i--)
        {
            var entry = _log[i];
            if (entry.Rrn == rrn && entry.TerminalId == terminalId)
            {
                return entry;
            }
        }

        return null;
    }
}
