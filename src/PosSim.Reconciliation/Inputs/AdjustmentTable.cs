using PosSim.Reconciliation.Csv;
using Names = PosSim.Interchange.InterchangeFiles.Adjustments;

namespace PosSim.Reconciliation.Inputs;

/// <summary>
/// adjustments.csv (optional): one row per support case whose resolution moved money, and the rows of the other
/// files that movement created. Small, so it is read first and whole, and kept as objects.
/// </summary>
internal sealed class AdjustmentTable
{
    private AdjustmentTable(bool present, List<Adjustment> items)
    {
        Present = present;
        Items = items;
    }

    /// <summary>Whether the input folder had the file at all (its summary keys are written only then).</summary>
    public bool Present { get; }

    /// <summary>The rows, ordered by case_id (unique), so nothing depends on the order of the file.</summary>
    public List<Adjustment> Items { get; }

    public static AdjustmentTable Read(CsvFile? file)
    {
        if (file is null)
        {
            return new AdjustmentTable(false, []);
        }

        var caseCol = file.Column(Names.CaseId);
        var wayCol = file.Column(Names.WayBack);
        var terminalCol = file.Column(Names.TerminalId);
        var rrnCol = file.Column(Names.Rrn);
        var amountCol = file.Column(Names.AmountMinor);
        var currencyCol = file.Column(Names.Currency);
        var executedCol = file.Column(Names.ExecutedAt);
        var messageCol = file.Column(Names.MessageRrn);
        var clearingCol = file.Column(Names.ClearingId);
        var payoutCol = file.Column(Names.PayoutId);

        var items = new List<Adjustment>();
        var cases = new Dictionary<long, long>();
        var messages = new Dictionary<(string Terminal, string Rrn, bool Reversal), (long Case, long Line)>();
        var presentments = new Dictionary<string, (long Case, long Line)>(StringComparer.Ordinal);
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            var caseId = Cells.Long(r, caseCol, Names.CaseId);
            if (caseId <= 0)
            {
                throw r.Error(caseCol, $"case_id {caseId} is not positive; support cases are numbered from 1");
            }

            if (!cases.TryAdd(caseId, r.Line))
            {
                throw r.Error(caseCol, $"case_id {caseId} is listed twice (first on line {cases[caseId]}); a case has one resolution");
            }

            var wayText = Cells.Required(r, wayCol, Names.WayBack);
            if (!WayBacks.TryParse(wayText, out var way))
            {
                throw r.Error(wayCol, $"way_back {Fields.Show(wayText)} is not one of {WayBacks.List}");
            }

            var terminal = Fields.Text(Cells.Required(r, terminalCol, Names.TerminalId));
            var rrn = Fields.Text(Cells.Required(r, rrnCol, Names.Rrn));
            var amount = Cells.Long(r, amountCol, Names.AmountMinor);
            if (amount <= 0)
            {
                throw r.Error(amountCol, $"amount_minor {amount} is not positive; it is the money the resolution moved");
            }

            var currencyText = Fields.Text(Cells.Required(r, currencyCol, Names.Currency));
            if (!Currency.TryParse(currencyText, out _))
            {
                throw r.Error(currencyCol, $"currency {Fields.Show(r.Field(currencyCol))} is not an ISO 4217 numeric code (three digits, like 156)");
            }

            var executedAt = Cells.Time(r, executedCol, Names.ExecutedAt);
            var message = Fields.Text(r.Field(messageCol));
            var clearingId = Fields.Text(r.Field(clearingCol));
            var payoutId = Fields.Text(r.Field(payoutCol));
            var name = way.Name();
            if (way == WayBack.PayMerchantLate)
            {
                if (message.Length > 0)
                {
                    throw r.Error(messageCol, $"message_rrn {Fields.Show(r.Field(messageCol))} must be empty for {name}: paying the merchant late sends no message on the terminal");
                }
            }
            else if (message.Length == 0)
            {
                throw r.Error(messageCol, way == WayBack.ReleaseHold
                    ? $"message_rrn is empty but a {name} needs it: the RRN of the reversal that released the hold"
                    : $"message_rrn is empty but a {name} needs it: the RRN of the refund that moved the money");
            }

            if (way == WayBack.ReleaseHold)
            {
                if (clearingId.Length > 0)
                {
                    throw r.Error(clearingCol, $"clearing_id {Fields.Show(r.Field(clearingCol))} must be empty for {name}: releasing a hold presents nothing for clearing");
                }

                if (payoutId.Length > 0)
                {
                    throw r.Error(payoutCol, $"payout_id {Fields.Show(r.Field(payoutCol))} must be empty for {name}: releasing a hold pays or debits no merchant");
                }
            }

            // A created row belongs to one resolution: two cases naming it would each claim it as their proof.
            if (message.Length > 0 && !messages.TryAdd((terminal, message, way == WayBack.ReleaseHold), (caseId, r.Line)))
            {
                var first = messages[(terminal, message, way == WayBack.ReleaseHold)];
                throw r.Error(messageCol, $"message_rrn {Fields.Show(r.Field(messageCol))} on terminal {terminal} is already the message of case {first.Case} (line {first.Line}); a message belongs to one case");
            }

            if (clearingId.Length > 0 && !presentments.TryAdd(clearingId, (caseId, r.Line)))
            {
                var first = presentments[clearingId];
                throw r.Error(clearingCol, $"clearing_id {Fields.Show(r.Field(clearingCol))} is already the presentment of case {first.Case} (line {first.Line}); a presentment belongs to one case");
            }

            items.Add(new Adjustment(r.Line, caseId, way, terminal, rrn, amount, executedAt, message, clearingId, payoutId));
        }

        items.Sort((a, b) => a.CaseId.CompareTo(b.CaseId));
        return new AdjustmentTable(true, items);
    }
}

/// <summary>
/// One row of adjustments.csv. <see cref="MessageRrn"/>, <see cref="ClearingId"/> and <see cref="PayoutId"/> are
/// empty when absent; <see cref="ExecutedAt"/> is in seconds since 0001-01-01, local time.
/// </summary>
internal sealed record Adjustment(long Line, long CaseId, WayBack WayBack, string Terminal, string Rrn, long Amount, long ExecutedAt,
    string MessageRrn, string ClearingId, string PayoutId);
