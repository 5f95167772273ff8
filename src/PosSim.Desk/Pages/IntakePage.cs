namespace PosSim.Desk.Pages;

/// <summary>/cases/new: the merchant's complaint, as said on the phone. Prefilled from a transaction page's link.</summary>
internal static class IntakePage
{
    public static string Render(DeskPage page, IReadOnlyList<string> merchants, FormValues form, DateTime now)
    {
        var t = page.Text;
        var h = new Html();
        h.Tag("h1", t.DeskIntakeHeading).Tag("p", t.DeskIntakeIntro, "class=\"muted\"");
        Fields.Notice(h, form, t.DeskFormHasErrors);
        h.Raw("<form method=\"post\" action=\"/cases/new\" id=\"intake\" class=\"card\"><div class=\"grid\">");
        Fields.Input(h, form, "merchant", t.DeskFieldMerchant, form["merchant"], extra: "list=\"merchants\" required autocomplete=\"off\"");
        Fields.Input(h, form, "terminal", t.DeskFieldTerminal, form["terminal"], hint: t.DeskFieldTerminalHint);
        Fields.Input(h, form, "time", t.DeskFieldTime, form["time"], "datetime-local", "required");
        Fields.Input(h, form, "amount", t.DeskFieldAmount, form["amount"], extra: "required inputmode=\"decimal\" placeholder=\"350.00\"");
        Fields.Input(h, form, "by", t.DeskFieldBy, form.Or("by", "support"));
        h.Raw("</div>");
        Fields.TextArea(h, form, "words", t.DeskFieldWords, form["words"], "required");
        h.Raw("<datalist id=\"merchants\">");
        foreach (var m in merchants)
        {
            h.Raw($"<option value=\"{Html.E(m)}\"></option>");
        }

        h.Raw("</datalist><div class=\"buttons\">").Tag("button", t.DeskOpenCaseButton, "type=\"submit\"").Raw("</div></form>");
        return Layout.Page(page, t.DeskIntakeHeading, "/cases/new", h.ToString(), QueuePage.Now(now));
    }
}
