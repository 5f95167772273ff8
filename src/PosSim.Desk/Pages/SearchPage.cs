using PosSim.Desk.Records;
using PosSim.Simulation.Support;

namespace PosSim.Desk.Pages;

/// <summary>/search: the transaction log by time window, amount range, terminal, RRN, STAN and card; each row opens the transaction.</summary>
internal static class SearchPage
{
    /// <summary>Reads the search form; errors go on the form, and null criteria mean "do not search".</summary>
    public static SearchCriteria? Read(FormValues form, DeskPage page)
    {
        var t = page.Text;
        DateTime? Time(string name, string label)
        {
            if (form.Optional(name) is not { } text)
            {
                return null;
            }

            var parsed = DeskInput.Time(text);
            if (parsed is null)
            {
                form.Error(name, t.DeskBadTime(label, text));
            }

            return parsed;
        }

        long? Amount(string name, string label)
        {
            if (form.Optional(name) is not { } text)
            {
                return null;
            }

            var parsed = DeskInput.Amount(text);
            if (parsed is null)
            {
                form.Error(name, t.DeskBadAmount(label, text));
            }

            return parsed;
        }

        var from = Time("from", t.DeskFieldFrom);
        var to = Time("to", t.DeskFieldTo);
        var min = Amount("min", t.DeskFieldMinAmount);
        var max = Amount("max", t.DeskFieldMaxAmount);
        int? stan = null;
        if (form.Optional("stan") is { } stanText)
        {
            if (stanText.Length <= 6 && int.TryParse(stanText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s))
            {
                stan = s;
            }
            else
            {
                form.Error("stan", t.DeskBadStan(stanText));
            }
        }

        (string? Masked, string? Last4)? card = null;
        if (form.Optional("card") is { } cardText)
        {
            card = DeskInput.Card(cardText);
            if (card is null)
            {
                form.Error("card", t.DeskBadCard(cardText));
            }
            else
            {
                // A number read off the card is searched masked and shown masked: never echoed back in clear.
                form.Set("card", card.Value.Masked ?? card.Value.Last4!);
            }
        }

        if (form.HasErrors)
        {
            return null;
        }

        // One end of the window is enough: the merchant remembers "Monday morning", the window then spans a day.
        if (from is { } f && to is null)
        {
            to = f.AddDays(1);
        }
        else if (to is { } e && from is null)
        {
            from = e.AddDays(-1);
        }

        var criteria = new SearchCriteria(from, to, min, max, form.Optional("terminal"), form.Optional("rrn"), stan, card?.Masked, card?.Last4);
        return criteria;
    }

    public static string Render(DeskPage page, FormValues form, SearchCriteria? criteria, IReadOnlyList<TranlogRow>? rows)
    {
        var t = page.Text;
        var trace = page.Trace;
        var h = new Html();
        h.Tag("h1", t.DeskSearchHeading).Tag("p", t.DeskSearchIntro, "class=\"muted\"");
        Fields.Notice(h, form, t.DeskFormHasErrors);
        h.Raw("<form method=\"get\" action=\"/search\" id=\"search\" class=\"card\"><div class=\"grid\">");
        Fields.Input(h, form, "from", t.DeskFieldFrom, form["from"], "datetime-local");
        Fields.Input(h, form, "to", t.DeskFieldTo, form["to"], "datetime-local");
        Fields.Input(h, form, "min", t.DeskFieldMinAmount, form["min"], extra: "inputmode=\"decimal\"");
        Fields.Input(h, form, "max", t.DeskFieldMaxAmount, form["max"], extra: "inputmode=\"decimal\"");
        Fields.Input(h, form, "terminal", t.DeskFieldTerminal, form["terminal"]);
        Fields.Input(h, form, "rrn", t.DeskFieldRrn, form["rrn"], extra: "inputmode=\"numeric\"");
        Fields.Input(h, form, "stan", t.DeskFieldStan, form["stan"], extra: "inputmode=\"numeric\"");
        Fields.Input(h, form, "card", t.DeskFieldCard, form["card"], hint: t.DeskFieldCardHint, extra: "autocomplete=\"off\"");
        h.Raw("</div><div class=\"buttons\">").Tag("button", t.DeskSearchButton, "type=\"submit\"").Raw("</div></form>");

        if (criteria is { Anchored: false })
        {
            h.Raw("<div class=\"notice warn\" role=\"status\">").Text(t.DeskSearchNeedsAnchor).Raw("</div>");
        }
        else if (rows is not null)
        {
            var more = rows.Count > SearchCriteria.PageSize;
            var shown = rows.Take(SearchCriteria.PageSize).ToList();
            h.Tag("p", shown.Count == 0 ? t.DeskNoResults : t.DeskSearchResults(shown.Count, more), "id=\"result-count\" role=\"status\"");
            if (shown.Count > 0)
            {
                h.Raw("<table id=\"results\"><thead><tr>");
                foreach (var (column, numeric) in new[]
                {
                    (trace.Time, false), (trace.Kind, false), (trace.Rrn, false), (trace.Terminal, false), (trace.Stan, false),
                    (t.DeskColumnMerchant, false), (t.DeskColumnCard, false), (trace.Amount, true), (trace.Answer, false),
                })
                {
                    h.Tag("th", column, numeric ? "class=\"num\"" : "");
                }

                h.Raw("</tr></thead><tbody>");
                foreach (var r in shown)
                {
                    var href = $"/transactions/{Uri.EscapeDataString(r.TerminalId)}/{Uri.EscapeDataString(r.Rrn)}";
                    h.Raw("<tr>").Tag("td", r.LocalTime.Replace('T', ' ')).Tag("td", trace.KindName(r.Kind))
                        .Raw($"<td><a href=\"{href}\">").Text(r.Rrn).Raw("</a></td>")
                        .Tag("td", r.TerminalId).Tag("td", r.Stan.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
                        .Raw($"<td><a href=\"/merchants/{Uri.EscapeDataString(r.MerchantId)}\">").Text(r.MerchantId).Raw("</a></td>")
                        .Tag("td", r.PanMasked).Tag("td", trace.Money(r.AmountMinor, r.Currency), "class=\"num\"")
                        .Tag("td", $"{r.ResponseCode} {trace.ResponseMeaning(r.ResponseCode)}").Raw("</tr>");
                }

                h.Raw("</tbody></table>");
            }
        }

        return Layout.Page(page, t.DeskSearchHeading, "/search", h.ToString());
    }
}
