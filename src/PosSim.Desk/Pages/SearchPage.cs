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

        var pageNumber = 1;
        if (form.Optional("page") is { } pageText
            && (!int.TryParse(pageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageNumber)
                || pageNumber < 1 || pageNumber > SearchCriteria.MaxPage))
        {
            form.Error("page", t.DeskBadPage(pageText, SearchCriteria.MaxPage));
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

        var criteria = new SearchCriteria(from, to, min, max, form.Optional("terminal"), form.Optional("rrn"), stan, card?.Masked, card?.Last4, pageNumber);
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
            var number = criteria?.Page ?? 1;
            h.Raw("<p id=\"result-count\" role=\"status\">").Text(shown.Count == 0 && number == 1 ? t.DeskNoResults : t.DeskSearchResults(shown.Count, more));
            if (number > 1 || more)
            {
                h.Raw(" <span class=\"muted\">").Text(t.DeskSearchPage(number)).Raw("</span>");
            }

            h.Raw("</p>");
            Pager(h, page, number, more);
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
                Pager(h, page, number, more);
            }
        }

        return Layout.Page(page, t.DeskSearchHeading, "/search", h.ToString());
    }

    /// <summary>Links to the pages either side, the search itself kept in the address.</summary>
    private static void Pager(Html h, DeskPage page, int number, bool more)
    {
        if (number == 1 && !more)
        {
            return;
        }

        string Link(int to) => "/search?" + string.Join("&", QueryPairs.Without(page.Request.Query, "page", "token", "lang")
            .Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page={to}")));

        h.Raw("<p class=\"pager\">");
        if (number > 1)
        {
            h.Raw($"<a href=\"{Html.E(Link(number - 1))}\" rel=\"prev\">").Text(page.Text.DeskPreviousPage).Raw("</a> ");
        }

        if (more && number < SearchCriteria.MaxPage)
        {
            h.Raw($"<a href=\"{Html.E(Link(number + 1))}\" rel=\"next\">").Text(page.Text.DeskNextPage).Raw("</a>");
        }

        h.Raw("</p>");
    }
}
