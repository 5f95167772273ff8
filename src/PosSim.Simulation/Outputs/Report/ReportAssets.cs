namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// The report's stylesheet and script, inlined so the file opens anywhere with no request: system fonts only,
/// no images, and a Content-Security-Policy that would block any fetch a later edit might add.
/// </summary>
internal static class ReportAssets
{
    /// <summary>Nothing may load from anywhere; only the inline style and script run.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public const string Css = """
        :root{--fg:#1d2330;--muted:#5d6778;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--accent:#2f5fd0;--ok:#1f8a4c;--okbg:#e3f4ea;--bad:#c0392b;--badbg:#fbe5e2;--warn:#9a6b00;--warnbg:#fff3d6}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
        header{background:#18233b;color:#fff;padding:20px 32px}
        header h1{margin:0 0 4px;font-size:22px;font-weight:600}
        header p{margin:2px 0;color:#c9d2e3}
        header dl{display:flex;flex-wrap:wrap;gap:4px 28px;margin:10px 0 0}
        header dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#9fb0cc}
        header dd{margin:0;font-variant-numeric:tabular-nums}
        nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;display:flex;gap:18px;flex-wrap:wrap}
        nav a{color:var(--accent);text-decoration:none;font-weight:500}
        main{padding:8px 32px 40px;max-width:1400px}
        section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
        h2{font-size:17px;margin:0 0 12px}
        h3{font-size:14px;margin:14px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
        .tile{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
        .tile b{display:block;font-size:20px;font-variant-numeric:tabular-nums}
        .tile span{color:var(--muted);font-size:12px}
        .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:8px 24px}
        .cols .wide{grid-column:1/-1}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc;white-space:nowrap}
        th button{all:unset;cursor:pointer}
        th button:focus-visible{outline:2px solid var(--accent)}
        th[aria-sort=ascending] button::after{content:" \25B2";font-size:9px}
        th[aria-sort=descending] button::after{content:" \25BC";font-size:9px}
        td.num,th.num{text-align:right;white-space:nowrap}
        td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;white-space:nowrap}
        tr.total td{font-weight:600;border-top:2px solid var(--line)}
        tbody tr:hover{background:#f3f6fc}
        .scroll{overflow-x:auto}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
        .badge.ok{background:var(--okbg);color:var(--ok)}
        .badge.bad{background:var(--badbg);color:var(--bad)}
        .badge.none{background:#eceff3;color:var(--muted)}
        .kind{display:inline-block;padding:0 6px;border-radius:4px;background:#eef2fb;color:#24407f;font-size:12px;white-space:nowrap}
        .verdict{padding:10px 14px;border-radius:6px;font-weight:600;margin:0 0 12px}
        .verdict.ok{background:var(--okbg);color:var(--ok)}
        .verdict.bad{background:var(--badbg);color:var(--bad)}
        .note{color:var(--muted);font-size:12.5px;margin:8px 0 0}
        .missing{color:var(--bad);font-weight:600}
        .controls{display:flex;gap:12px;align-items:center;margin:0 0 10px}
        select{font:inherit;padding:3px 6px}
        .chart{margin:0 0 16px}
        .chart svg{width:100%;height:auto;display:block}
        .chart .grid{stroke:#e8ebf0;stroke-width:1}
        .chart .axis,.chart .tick{stroke:#8a94a6;stroke-width:1}
        .chart text{font-size:11px;fill:var(--muted);font-family:inherit}
        .chart .yl{text-anchor:end}
        .chart .axt{text-anchor:middle;font-size:12px}
        .s-ok{fill:#3a6fd8}.s-other{fill:#e39a3b}.s-paid{fill:#2f9a62}
        figcaption{font-size:12px;color:var(--muted);display:flex;gap:16px}
        .key i{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:-1px;border-radius:2px}
        .key i.s-ok{background:#3a6fd8}.key i.s-other{background:#e39a3b}.key i.s-paid{background:#2f9a62}
        details.tl{border-top:1px solid var(--line);padding:8px 0}
        details.tl summary{cursor:pointer;font-weight:500}
        ol.timeline{list-style:none;margin:8px 0 4px 6px;padding:0 0 0 18px;border-left:2px solid var(--line)}
        ol.timeline li{position:relative;margin:0 0 8px}
        ol.timeline li::before{content:"";position:absolute;left:-24px;top:5px;width:10px;height:10px;border-radius:50%;background:var(--accent);border:2px solid #fff}
        ol.timeline li.bad::before{background:var(--bad)}
        ol.timeline time{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:var(--muted);margin-right:8px}
        .actor{display:inline-block;min-width:74px;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
        ul.plain{margin:4px 0;padding-left:20px}
        footer{color:var(--muted);font-size:12px;padding:0 32px 24px}
        """;

    /// <summary>
    /// Sorting and filtering of the exceptions table. Rows carry their sort keys (data-v) and kind (data-kind);
    /// ties keep the report's order (data-i), so sorting twice the same way gives the same table.
    /// </summary>
    public const string Script = """
        (function () {
          "use strict";
          var table = document.getElementById("exceptions");
          if (!table) { return; }
          var body = table.tBodies[0];
          var heads = table.tHead.rows[0].cells;
          var filter = document.getElementById("kind-filter");
          var shown = document.getElementById("shown-count");
          function key(row, col, numeric) {
            var cell = row.cells[col];
            var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
            if (!numeric) { return v; }
            return v === "" ? -Infinity : Number(v);
          }
          function sortBy(col) {
            var th = heads[col];
            var numeric = th.getAttribute("data-type") === "num";
            var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
            for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
            th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = key(a, col, numeric), y = key(b, col, numeric);
              var c = x < y ? -1 : x > y ? 1 : 0;
              return c !== 0 ? c * dir : Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
            });
            var frag = document.createDocumentFragment();
            rows.forEach(function (r) { frag.appendChild(r); });
            body.appendChild(frag);
          }
          function applyFilter() {
            var kind = filter ? filter.value : "";
            var n = 0;
            Array.prototype.forEach.call(body.rows, function (r) {
              var hide = kind !== "" && r.getAttribute("data-kind") !== kind;
              r.hidden = hide;
              if (!hide) { n++; }
            });
            if (shown) { shown.textContent = String(n); }
          }
          Array.prototype.forEach.call(heads, function (th, col) {
            var b = th.querySelector("button");
            if (b) { b.addEventListener("click", function () { sortBy(col); }); }
          });
          if (filter) { filter.addEventListener("change", applyFilter); }
        })();
        """;
}
