using Microsoft.AspNetCore.Http;
using PosSim.Simulation.Support;
using PosSim.Simulation.Support.Cases;

namespace PosSim.Desk.Pages;

/// <summary>One request's language and place, which every page needs for its words and its links.</summary>
internal sealed record DeskPage(ICaseText Text, ITraceText Trace, HttpRequest Request, string Scenario, string Currency)
{
    /// <summary>
    /// This page in another language: same path and query, the language changed (and remembered by a cookie). The
    /// notice of a step just taken is not repeated.
    /// </summary>
    public string SwitchTo(string language)
    {
        var query = QueryPairs.Without(Request.Query, "lang", "token", "done", "carried");
        return Request.Path + "?" + string.Join("&", query.Append("lang=" + Uri.EscapeDataString(language)));
    }
}

/// <summary>The frame of every page: header with the menu and the language switch, the styles, the security policy.</summary>
internal static class Layout
{
    /// <summary>Nothing loads from anywhere but the desk: inline styles, no script, forms post to the desk only.</summary>
    public const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'";

    /// <summary>The same, sent as a header, where it can also keep other sites from framing the desk (a meta tag cannot, and browsers warn).</summary>
    public const string ContentSecurityPolicy = PagePolicy + "; frame-ancestors 'none'";

    private const string Css = """
        :root{--fg:#1d2330;--muted:#5d6778;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--accent:#2f5fd0;--ok:#1f8a4c;--okbg:#e3f4ea;--bad:#c0392b;--badbg:#fbe5e2;--warn:#9a6b00;--warnbg:#fff3d6}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",Roboto,Arial,sans-serif;color:var(--fg);background:var(--bg)}
        header{background:#18233b;color:#fff;padding:10px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 24px}
        header strong{font-size:17px}
        header nav a,header .lang a{color:#dbe4f8;text-decoration:none;margin-right:16px}
        header nav a[aria-current]{color:#fff;border-bottom:2px solid #fff}
        header .run{color:#aab6cf;font-size:12px;flex:1}
        main{max-width:1180px;margin:0 auto;padding:18px 24px 48px}
        h1{font-size:21px;margin:6px 0 12px}h2{font-size:16px;margin:22px 0 8px}section>h2:first-child,form>h2:first-child{margin-top:4px}
        section,.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:12px 0}
        table{border-collapse:collapse;width:100%;background:var(--card)}
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600;color:var(--muted);font-size:12px}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        a{color:var(--accent)}
        form.inline{display:inline}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px 16px;align-items:end}
        label{display:block;font-size:12px;color:var(--muted)}
        label span.hint{font-style:italic}
        input,select,textarea{font:inherit;padding:5px 7px;border:1px solid #b9c1cf;border-radius:4px;width:100%;background:#fff}
        textarea{min-height:56px}
        .invalid input,.invalid select,.invalid textarea{border-color:var(--bad);background:var(--badbg)}
        .field-error{color:var(--bad);font-size:12px}
        button{font:inherit;padding:6px 14px;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        button.danger{background:var(--bad);border-color:var(--bad)}
        .buttons{margin-top:10px;display:flex;gap:10px}
        .notice{padding:10px 14px;border-radius:6px;margin:10px 0}
        .notice.error{background:var(--badbg);border:1px solid #e9b3ac}
        .notice.ok{background:var(--okbg);border:1px solid #a9d9bb}
        .notice.warn{background:var(--warnbg);border:1px solid #eed49a}
        .filters a{margin-right:14px}.filters a[aria-current]{font-weight:600;color:var(--fg);text-decoration:none}
        .stage{display:inline-block;padding:1px 8px;border-radius:10px;background:#e8edf8;font-size:12px}
        .stage.completed{background:var(--okbg)}.stage.escalated{background:var(--badbg)}.stage.processing,.stage.under-review{background:var(--warnbg)}
        ol.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:3px solid var(--line)}
        ol.timeline li{position:relative;margin:0 0 10px;padding-left:12px}
        ol.timeline li::before{content:"";position:absolute;left:-22px;top:5px;width:11px;height:11px;border-radius:50%;background:var(--accent)}
        ol.timeline li.trouble::before{background:var(--bad)}
        ol.timeline .hop{font-size:12px;color:var(--muted)}
        ol.timeline li.trouble .text{color:var(--bad)}
        .money{font-size:16px;font-weight:600}
        .muted{color:var(--muted)}
        """;

    public static string Page(DeskPage page, string title, string current, string body, string? now = null)
    {
        var t = page.Text;
        var h = new Html();
        h.Raw("<!DOCTYPE html>\n<html lang=\"").Text(t.Code).Raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").Text(PagePolicy).Raw("\">\n")
            .Raw("<link rel=\"icon\" href=\"data:,\">\n<title>").Text($"{title} · {t.DeskTitle}").Raw("</title>\n<style>\n").Raw(Css).Raw("\n</style>\n</head>\n<body>\n<header>")
            .Tag("strong", t.DeskTitle).Raw("<nav>");
        foreach (var (href, label) in new[] { ("/cases", t.DeskNavCases), ("/cases/new", t.DeskNavNewComplaint), ("/search", t.DeskNavSearch), ("/training", t.DeskNavTraining) })
        {
            h.Raw($"<a href=\"{href}\"{(href == current ? " aria-current=\"page\"" : "")}>").Text(label).Raw("</a>");
        }

        h.Raw("</nav>").Tag("span", now is null ? page.Scenario : t.DeskRun(page.Scenario, now), "class=\"run\"").Raw("<span class=\"lang\">");
        foreach (var code in new[] { "en", "zh-CN" })
        {
            var language = CaseLanguages.Find(code)!;
            h.Raw($"<a href=\"{Html.E(page.SwitchTo(code))}\" hreflang=\"{code}\" lang=\"{code}\"{(code == t.Code ? " aria-current=\"true\"" : "")}>").Text(language.DeskLanguageName).Raw("</a>");
        }

        h.Raw("</span></header>\n<main>\n").Raw(body).Raw("\n</main>\n</body>\n</html>\n");
        return h.ToString();
    }
}
