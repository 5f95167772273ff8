using PosSim.Desk.Records;

namespace PosSim.Desk.Pages;

/// <summary>/merchants/{id}: the merchant's settlement account: balance, payouts (bounced ones too), bank statement and the matcher's findings.</summary>
internal static class MerchantPage
{
    public static string Render(DeskPage page, MerchantAccount m)
    {
        var t = page.Text;
        var trace = page.Trace;
        string Money(long minor) => trace.Money(minor, m.Currency);
        var h = new Html();
        h.Tag("h1", t.DeskMerchantHeading(m.MerchantId));
        h.Raw("<section id=\"balance\">").Tag("h2", t.DeskBalance).Tag("p", $"{Money(m.BalanceMinor)} · {m.SettlementAccount}", "class=\"money\"").Raw("</section>");

        h.Raw("<section id=\"payouts\">").Tag("h2", t.DeskPayouts);
        if (m.Payouts.Count == 0)
        {
            h.Tag("p", t.DeskNothing, "class=\"muted\"");
        }
        else
        {
            h.Raw("<table><thead><tr>").Tag("th", t.DeskColumnPayout).Tag("th", t.DeskColumnValueDate).Tag("th", t.DeskColumnStage)
                .Tag("th", t.DeskColumnTries, "class=\"num\"").Tag("th", t.DeskColumnNet, "class=\"num\"").Raw("</tr></thead><tbody>");
            foreach (var p in m.Payouts)
            {
                var dates = p.FirstValueDate == p.ValueDate ? p.ValueDate : $"{p.FirstValueDate} → {p.ValueDate}";
                h.Raw(p.Status == "bounced" ? "<tr class=\"trouble\">" : "<tr>").Tag("td", p.PayoutId).Tag("td", dates).Tag("td", t.DeskPayoutStatus(p.Status))
                    .Tag("td", p.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), "class=\"num\"").Tag("td", Money(p.NetMinor), "class=\"num\"").Raw("</tr>");
            }

            h.Raw("</tbody></table>");
        }

        h.Raw("</section><section id=\"statement\">").Tag("h2", t.DeskStatement);
        if (m.Statement.Count == 0)
        {
            h.Tag("p", t.DeskNothing, "class=\"muted\"");
        }
        else
        {
            h.Raw("<table><thead><tr>").Tag("th", t.DeskColumnValueDate).Tag("th", t.DeskColumnPayout).Tag("th", t.DeskColumnNet, "class=\"num\"").Raw("</tr></thead><tbody>");
            foreach (var line in m.Statement)
            {
                h.Raw("<tr>").Tag("td", line.ValueDate).Tag("td", line.PayoutId).Tag("td", Money(line.AmountMinor), "class=\"num\"").Raw("</tr>");
            }

            h.Raw("</tbody></table>");
        }

        h.Raw("</section><section id=\"findings\">").Tag("h2", trace.FindingsHeading);
        if (m.Findings.Count == 0)
        {
            h.Tag("p", t.DeskNothing, "class=\"muted\"");
        }
        else
        {
            h.Raw("<ul>");
            foreach (var f in m.Findings)
            {
                h.Raw("<li>");
                if (f.Rrn.Length > 0)
                {
                    h.Raw($"<a href=\"/transactions/{Uri.EscapeDataString(f.TerminalId)}/{Uri.EscapeDataString(f.Rrn)}\">").Text(f.Rrn).Raw("</a> ");
                }

                h.Text(trace.Finding(f, m.Currency)).Raw("</li>");
            }

            h.Raw("</ul>");
        }

        h.Raw("</section>");
        return Layout.Page(page, t.DeskMerchantHeading(m.MerchantId), "", h.ToString());
    }
}
