using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Simulation.Outputs.Report;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// The evidence pack as one self-contained HTML page: the case, its audit trail, the transaction's journey, its
/// messages, its postings, the money's way to the merchant, and the findings and faults that touch it. Inline CSS
/// (the run report's, plus print rules), no script, nothing fetched: it opens from an email and prints as a bundle.
/// </summary>
/// <remarks>
/// Deterministic: invariant formats, the records' own orders, and the run's time instead of the wall clock, so the
/// same case of the same run gives the same bytes. Every value goes through <see cref="Html.Text"/>, and every
/// value that is not a structured identifier of the records through <see cref="CardNumberGuard"/> too.
/// </remarks>
public static partial class EvidencePage
{
    /// <summary>Nothing may load from anywhere and nothing runs; only the inline style applies.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private const string ExtraCss = """
        .verdict.warn{background:var(--warnbg);color:var(--warn)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:4px 0 10px}
        dl.facts dt{color:var(--muted)}
        dl.facts dd{margin:0}
        blockquote.words{margin:4px 0;padding:6px 12px;border-left:3px solid var(--accent);background:#f3f6fc;white-space:pre-wrap}
        td.pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;white-space:pre}
        td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px;word-break:break-all}
        td.t{white-space:nowrap}
        table.fields{width:auto;min-width:50%}
        h4{font-size:13px;margin:12px 0 4px}
        html[lang=zh-CN] body{font-family:system-ui,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
        html[lang=zh-CN] h3{text-transform:none;letter-spacing:0}
        .hop{color:var(--muted);margin-right:8px}
        @page{size:A4 landscape;margin:12mm}
        @media print{
        body{background:#fff;font-size:11px}
        nav{display:none}
        header{background:#fff;color:#000;border-bottom:2px solid #000;padding:8px 0}
        header p,header dt{color:#333}
        main{padding:0;max-width:none}
        section{border:none;border-radius:0;padding:0;margin:14px 0}
        h2,h3,h4{break-after:avoid}
        tr,li,dl.facts{break-inside:avoid}
        .scroll{overflow:visible}
        th{background:none}
        footer{padding:8px 0}
        }
        """;

    public static void Write(TextWriter writer, EvidencePack pack, ICaseText text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(text);
        new Page(writer, pack, text).Write();
    }

    private sealed partial class Page(TextWriter w, EvidencePack pack, ICaseText text)
    {
        private readonly ITraceText _trace = TraceLanguages.Find(text.Code) ?? TraceLanguages.All[0];
        private readonly CardNumberGuard _guard = new(pack.Rrns);

        private SupportCase Case => pack.Case;

        private string Currency => pack.Records?.Transaction.Currency ?? (pack.Run.Currency.Length > 0 ? pack.Run.Currency : "156");

        public void Write()
        {
            w.Write("<!DOCTYPE html>\n<html lang=\"");
            Html.Attr(w, text.Code);
            w.Write("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"");
            w.Write(ContentSecurityPolicy);
            w.Write("\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
            Html.Text(w, $"{text.EvidenceTitle(Case.Id)} \u2014 {pack.Run.Scenario}");
            w.Write("</title>\n<style>\n");
            w.Write(ReportAssets.Css);
            w.Write('\n');
            w.Write(ExtraCss);
            w.Write("\n</style>\n</head>\n<body>\n");

            Header();
            w.Write("<nav>");
            foreach (var (id, title) in Sections())
            {
                w.Write("<a href=\"#");
                w.Write(id);
                w.Write("\">");
                Html.Text(w, title);
                w.Write("</a>");
            }

            w.Write("</nav>\n<main>\n");
            Notice();
            CaseSection();
            AuditSection();
            JourneySection();
            MessagesSection();
            PostingsSection();
            MoneySection();
            FindingsSection();
            w.Write("</main>\n<footer>");
            Html.Text(w, text.EvidenceFooter(pack.Run.Scenario, pack.Run.Seed, Time(pack.GeneratedAt), pack.Escalated));
            w.Write("</footer>\n</body>\n</html>\n");
        }

        private IEnumerable<(string Id, string Title)> Sections() =>
        [
            ("case", text.SectionCase), ("audit", text.AuditHeading), ("journey", text.SectionJourney), ("messages", text.SectionMessages),
            ("postings", text.SectionPostings), ("money", text.SectionMoney), ("findings", text.SectionFindings),
        ];

        private void Header()
        {
            w.Write("<header><h1>");
            Html.Text(w, text.EvidenceTitle(Case.Id));
            w.Write("</h1><p>");
            Html.Text(w, text.EvidenceIntro);
            w.Write("</p><dl>");
            HeaderFact(text.LabelStage, text.Stage(Case.Stage));
            HeaderFact(text.LabelMerchant, Guard(Case.Complaint.MerchantId));
            if (Case.Transaction is { } t)
            {
                HeaderFact(text.LabelRrn, t.Rrn);
            }

            HeaderFact(text.LabelGeneratedAt, Time(pack.GeneratedAt));
            HeaderFact(text.LabelScenario, pack.Run.Scenario);
            HeaderFact(text.LabelSeed, pack.Run.Seed);
            w.Write("</dl></header>\n");
        }

        private void HeaderFact(string name, string value)
        {
            w.Write("<div><dt>");
            Html.Text(w, name);
            w.Write("</dt><dd>");
            Html.Text(w, value);
            w.Write("</dd></div>");
        }

        private void Notice()
        {
            var escalation = pack.Steps.LastOrDefault(s => s.Step is Escalate);
            if (pack.Escalated && escalation?.Step is Escalate e)
            {
                w.Write("<p class=\"verdict bad\">");
                Html.Text(w, text.EscalatedNotice(Time(e.At), Guard(e.Actor), Guard(e.Reason)));
            }
            else
            {
                w.Write("<p class=\"verdict warn\">");
                Html.Text(w, text.NotEscalatedNotice(Case.Stage));
            }

            w.Write("</p>\n");
        }

        private void CaseSection()
        {
            Open("case", text.SectionCase);
            var complaint = Case.Complaint;
            var opened = pack.Steps.FirstOrDefault(s => s.Opened is not null);
            H3(text.ComplaintHeading);
            Facts(
                (text.LabelMerchant, Guard(complaint.MerchantId)),
                (text.LabelTerminal, complaint.TerminalId is null ? text.NotGiven : Guard(complaint.TerminalId)),
                (text.LabelApproximateTime, complaint.ApproximateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                (text.LabelAmount, _trace.Money(complaint.AmountMinor, Currency)),
                (text.LabelRegistered, opened is null ? "" : text.ByAt(Guard(opened.Actor), Time(opened.At))));
            w.Write("<blockquote class=\"words\">");
            Html.Text(w, Guard(complaint.Words));
            w.Write("</blockquote>\n");

            if (pack.Merchant is { } m)
            {
                H3(text.MerchantHeading);
                Facts(
                    (text.LabelSettlementAccount, Guard(m.SettlementAccount)),
                    (text.LabelFees, text.Fees(Percent(m.MdrCardBps), Percent(m.MdrQrBps))),
                    (text.LabelSettleDays, text.SettleDays(m.SettleDays, m.FallbackSettleDays)));
            }

            H3(text.TransactionHeading);
            if (Case.Transaction is { } t)
            {
                var confirmed = pack.Steps.LastOrDefault(s => s.Step is ConfirmRecords);
                var row = pack.Records?.Transaction;
                Facts(
                    (text.LabelRrn, t.Rrn),
                    (text.LabelTerminal, t.TerminalId),
                    (text.LabelStan, row is null ? "" : TraceMoney.Stan(row.Stan)),
                    (text.LabelTime, t.LocalTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                    (text.LabelBusinessDate, t.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    (text.LabelAmount, _trace.Money(t.AmountMinor, Currency)),
                    (text.LabelCard, t.PanMasked),
                    (text.LabelAnswer, row is null ? "" : $"{row.ResponseCode} {_trace.ResponseMeaning(row.ResponseCode)}"),
                    (text.LabelApprovalCode, row?.AuthCode ?? ""),
                    (text.LabelConfirmed, confirmed is null ? "" : text.ByAt(Guard(confirmed.Actor), Time(confirmed.At))));
            }
            else
            {
                Note(text.NoTransactionYet);
            }

            H3(text.DiagnosisHeading);
            if (Case.Diagnosis is { } money)
            {
                var diagnosed = pack.Steps.LastOrDefault(s => s.Step is Diagnose);
                Facts(
                    (text.LabelMoney, text.Money(money)),
                    (text.LabelFinding, Case.Transaction?.Finding ?? text.NoFinding),
                    (text.LabelDiagnosed, diagnosed is null ? "" : text.ByAt(Guard(diagnosed.Actor), Time(diagnosed.At))));
                if (Case.Advice.Length > 0)
                {
                    w.Write("<h4>");
                    Html.Text(w, text.AdviceHeading);
                    w.Write("</h4><ul class=\"plain\">");
                    foreach (var advice in Case.Advice)
                    {
                        w.Write("<li>");
                        Html.Text(w, text.Advice(advice));
                        w.Write("</li>");
                    }

                    w.Write("</ul>\n");
                }
            }
            else
            {
                Note(text.NotDiagnosedYet);
            }

            H3(text.ContactHeading);
            var contacts = pack.Steps.Where(s => s.Step is ContactCustomer).ToList();
            if (contacts.Count == 0)
            {
                Note(text.NotContactedYet);
            }

            foreach (var entry in contacts)
            {
                var contact = (ContactCustomer)entry.Step!;
                Facts(
                    (text.LabelWhen, Time(contact.At)),
                    (text.LabelBy, Guard(contact.Actor)),
                    (text.LabelWayBack, text.Path(contact.Path)),
                    (text.LabelPromisedBy, contact.By.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    (text.LabelNote, contact.Note.Length == 0 ? text.NotGiven : Guard(contact.Note)));
            }

            H3(text.ApplicationsHeading);
            Table(
                [text.LabelWhen, text.LabelBy, text.LabelTransactionTime, Num(text.LabelAmount), text.LabelCounterparty, text.LabelWayBack, text.LabelReason],
                pack.Steps.Select(s => s.Step).OfType<ApplyForRefund>().Select(a => new[]
                {
                    When(a.At), Cell(Guard(a.Actor)), When(a.Application.TransactionTime), Money(a.Application.AmountMinor, Currency),
                    Cell(Guard(a.Application.Counterparty)), Cell(text.Path(a.Application.Path)), Cell(Guard(a.Application.Reason)),
                }),
                text.NoApplication);

            H3(text.ReviewHeading);
            Table(
                [text.LabelWhen, text.LabelBy, text.LabelDecision, text.LabelReason],
                pack.Steps.Select(s => s.Step).Where(s => s is SubmitForReview or Review or RecordResolution or CloseWithoutRefund).Select(s => s switch
                {
                    Review r => new[] { When(r.At), Cell(Guard(r.Actor)), Cell(r.Approve ? text.Approved : text.Rejected), Cell(Guard(r.Reason)) },
                    RecordResolution r => [When(r.At), Cell(Guard(r.Actor)), Cell(text.Resolution(r.Outcome.Done)),
                        Cell(Guard(text.ResolutionDetail(text.Path(r.Outcome.Path), _trace.Money(r.Outcome.AmountMinor, Currency), r.Outcome.Proof, r.Outcome.Failure)))],
                    CloseWithoutRefund c => [When(c.At), Cell(Guard(c.Actor)), Cell(text.ClosedWithoutRefund), Cell(Guard(c.Note))],
                    _ => [When(s!.At), Cell(Guard(s.Actor)), Cell(text.Submitted), Cell("")],
                }),
                text.NoReview);
            if (Case.Command is { } command)
            {
                Note(text.ApprovedCommand(text.Path(command.Path), _trace.Money(command.AmountMinor, Currency), Guard(command.Counterparty)));
            }

            H3(text.ResolutionsHeading);
            Table(
                [Num(text.LabelCase), text.LabelWayBack, Num(text.LabelAmount), text.LabelCarriedOutAt, text.LabelMessageRrn, text.LabelClearingId, text.LabelPayout,
                    text.LabelProof, text.LabelFailure],
                (pack.Records?.Resolutions ?? []).Select(r => new[]
                {
                    Cell(Html.Raw(r.CaseId), "num"), Cell(CaseNames.TryParse<ResolutionPath>(r.WayBack, out var way) ? text.Path(way) : r.WayBack),
                    Money(r.AmountMinor, Currency), When(r.ExecutedAt), Cell(r.MessageRrn, "mono"), Cell(r.ClearingId, "mono"), Cell(r.PayoutId, "mono"),
                    Cell(Guard(r.Proof)), Cell(Guard(r.Failure)),
                }),
                text.NoResolution);

            H3(text.EscalationHeading);
            if (pack.Steps.LastOrDefault(s => s.Step is Escalate)?.Step is Escalate escalate)
            {
                Facts((text.LabelWhen, Time(escalate.At)), (text.LabelBy, Guard(escalate.Actor)), (text.LabelReason, Guard(escalate.Reason)));
            }
            else
            {
                Note(text.NotEscalatedNotice(Case.Stage));
            }

            Close();
        }

        private void AuditSection()
        {
            Open("audit", text.AuditHeading);
            Table(
                [text.LabelWhen, text.LabelBy, text.LabelStep, text.LabelStageBefore, text.LabelStageAfter, text.LabelValues],
                Case.Audit.Select(e => new[]
                {
                    When(e.At), Cell(Guard(e.Actor)), Cell(text.StepName(e.Action)), Cell(text.Stage(e.From)), Cell(text.Stage(e.To)),
                    Cell(Guard(e.Detail), "mono"),
                }),
                text.NoneOnRecord);
            Close();
        }

        private void Open(string id, string title)
        {
            w.Write("<section id=\"");
            w.Write(id);
            w.Write("\"><h2>");
            Html.Text(w, title);
            w.Write("</h2>\n");
        }

        private void Close() => w.Write("</section>\n");

        private void H3(string title)
        {
            w.Write("<h3>");
            Html.Text(w, title);
            w.Write("</h3>\n");
        }

        private void Note(string note)
        {
            w.Write("<p class=\"note\">");
            Html.Text(w, note);
            w.Write("</p>\n");
        }

        private void Facts(params (string Name, string Value)[] facts)
        {
            w.Write("<dl class=\"facts\">");
            foreach (var (name, value) in facts)
            {
                w.Write("<dt>");
                Html.Text(w, name);
                w.Write("</dt><dd>");
                Html.Text(w, value);
                w.Write("</dd>");
            }

            w.Write("</dl>\n");
        }

        /// <summary>A table, or <paramref name="empty"/> as a note when there are no rows.</summary>
        private void Table(Heading[] headings, IEnumerable<TableCell[]> rows, string empty, string? css = null)
        {
            var list = rows.ToList();
            if (list.Count == 0)
            {
                Note(empty);
                return;
            }

            w.Write(css is null ? "<div class=\"scroll\"><table><thead><tr>" : $"<div class=\"scroll\"><table class=\"{css}\"><thead><tr>");
            foreach (var heading in headings)
            {
                w.Write(heading.Numeric ? "<th class=\"num\">" : "<th>");
                Html.Text(w, heading.Text);
                w.Write("</th>");
            }

            w.Write("</tr></thead><tbody>\n");
            foreach (var row in list)
            {
                w.Write("<tr>");
                foreach (var cell in row)
                {
                    Html.Cell(w, cell.Text, cell.Css);
                }

                w.Write("</tr>\n");
            }

            w.Write("</tbody></table></div>\n");
        }

        private static Heading Num(string heading) => new(heading, Numeric: true);

        private static TableCell Cell(string? value, string? css = null) => new(value ?? "", css);

        private static TableCell When(DateTime t) => new(Time(t), "t");

        /// <summary>A date or a run.sqlite time (yyyy-MM-ddTHH:mm:ss) as people read it, kept on one line.</summary>
        private static TableCell When(string? dateOrTime) => new(TraceMoney.Time(dateOrTime ?? ""), "t");

        private TableCell Money(long minor, string currency) => new(_trace.Money(minor, currency), "num");

        private TableCell Money(long? minor, string currency) => minor is { } m ? Money(m, currency) : Cell("");

        /// <summary>Free text (anything a person typed, any sentence of the run): masked if a card number is in it.</summary>
        private string Guard(string? value) => _guard.Mask(value);

        private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Percent(long bps) => (bps / 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    }

    private readonly record struct TableCell(string Text, string? Css);

    /// <summary>A column heading; a numeric column is right-aligned, heading and cells alike.</summary>
    private readonly record struct Heading(string Text, bool Numeric = false)
    {
        public static implicit operator Heading(string text) => new(text);
    }
}
