namespace PosSim.Simulation.Outputs.Report;

/// <summary>Money per merchant along its journey, the merchants with money missing first.</summary>
internal static class MoneyFlowSection
{
    public static void Write(TextWriter w, ReportModel m)
    {
        var rows = m.Merchants;
        w.Write("<section id=\"money\"><h2>Money flow per merchant</h2><div class=\"scroll\"><table><thead><tr>");
        w.Write("<th>merchant</th><th class=\"num\">live txns</th><th class=\"num\">approved</th><th class=\"num\">cleared</th>");
        w.Write("<th class=\"num\">settled (gross)</th><th class=\"num\">fees</th><th class=\"num\">paid (net)</th>");
        w.Write("<th class=\"num\">missing</th><th class=\"num\">exceptions</th></tr></thead><tbody>");
        var total = new MerchantFlow.Row("all merchants");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            total.LiveCount += r.LiveCount;
            total.Approved = checked(total.Approved + r.Approved);
            total.Cleared = checked(total.Cleared + r.Cleared);
            total.Settled = checked(total.Settled + r.Settled);
            total.Fees = checked(total.Fees + r.Fees);
            total.Paid = checked(total.Paid + r.Paid);
            total.Missing = checked(total.Missing + r.Missing);
            total.Exceptions += r.Exceptions;
            if (i < ReportModel.MaxMerchantRows)
            {
                Row(w, r, "");
            }
        }

        Row(w, total, " class=\"total\"");
        w.Write("</tbody></table></div><p class=\"note\">Amounts in ");
        Html.Text(w, m.CurrencyName);
        w.Write(". Approved, cleared and settled are purchases less refunds; paid is what the bank statement shows arriving, net of fees. ");
        w.Write("Missing is the shortfall the matcher found (expected less actual, where positive), so money not yet due is not missing.");
        if (rows.Count > ReportModel.MaxMerchantRows)
        {
            w.Write(" Showing the top ");
            Html.Text(w, Html.Int(ReportModel.MaxMerchantRows));
            w.Write(" merchants by missing money, then by volume; ");
            Html.Text(w, Html.Int(rows.Count - ReportModel.MaxMerchantRows));
            w.Write(" more are hidden (they count in the total).");
        }

        w.Write("</p></section>");
    }

    private static void Row(TextWriter w, MerchantFlow.Row r, string attributes)
    {
        w.Write("<tr");
        w.Write(attributes);
        w.Write('>');
        Html.Cell(w, r.MerchantId, "mono");
        Html.IntCell(w, r.LiveCount);
        Html.MoneyCell(w, r.Approved);
        Html.MoneyCell(w, r.Cleared);
        Html.MoneyCell(w, r.Settled);
        Html.MoneyCell(w, r.Fees);
        Html.MoneyCell(w, r.Paid);
        Html.Cell(w, Html.Money(r.Missing), r.Missing > 0 ? "num missing" : "num");
        Html.IntCell(w, r.Exceptions);
        w.Write("</tr>");
    }
}
