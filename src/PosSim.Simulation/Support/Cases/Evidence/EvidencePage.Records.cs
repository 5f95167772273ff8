using System.Collections.Frozen;
using PosSim.Simulation.Outputs.Report;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>The sections of the pack that come from the run's records: journey, messages, postings, money, findings.</summary>
public static partial class EvidencePage
{
    /// <summary>
    /// Fields that carry amounts and counts: digits by format, never a card number, and shown exactly as carried
    /// (a 12-digit amount passes the Luhn check one time in ten).
    /// </summary>
    private static readonly FrozenSet<int> AmountFields = new[] { 4, 5, 6, 28, 95, 97 }.Concat(Enumerable.Range(74, 16)).ToFrozenSet();

    private sealed partial class Page
    {
        private void JourneySection()
        {
            Open("journey", text.SectionJourney);
            if (pack.Records is not { } records)
            {
                Note(text.NoTransactionYet);
                Close();
                return;
            }

            var story = TransactionStory.Tell(records, _trace);
            w.Write("<p><b>");
            Html.Text(w, Guard(story.Title));
            w.Write("</b></p>\n<ol class=\"timeline\">\n");
            foreach (var step in story.Steps)
            {
                w.Write(step.Trouble ? "<li class=\"bad\">" : "<li>");
                w.Write("<time>");
                Html.Text(w, step.Time.Length == 0 ? "\u2014" : step.Time);
                w.Write("</time><span class=\"hop\">");
                Html.Text(w, $"{_trace.HopName(step.From)} \u2192 {_trace.HopName(step.To)}");
                w.Write("</span>");
                Html.Text(w, Guard(step.Text));
                w.Write("</li>\n");
            }

            w.Write("</ol>\n");
            Facts((_trace.MoneyNowHeading, Guard(story.MoneyNow)), (_trace.TellMerchantHeading, Guard(story.TellMerchant)));
            Sentences(_trace.NextStepsHeading, story.NextSteps);
            Sentences(_trace.FindingsHeading, story.Findings);
            Close();
        }

        private void Sentences(string heading, IReadOnlyList<string> sentences)
        {
            if (sentences.Count == 0)
            {
                return;
            }

            w.Write("<h4>");
            Html.Text(w, heading);
            w.Write("</h4><ul class=\"plain\">");
            foreach (var sentence in sentences)
            {
                w.Write("<li>");
                Html.Text(w, Guard(sentence));
                w.Write("</li>");
            }

            w.Write("</ul>\n");
        }

        private void MessagesSection()
        {
            Open("messages", text.SectionMessages);
            H3(text.SwitchLogHeading);
            Note(text.SwitchLogNote);
            Table(
                [text.LabelTime, text.LabelMessages, text.LabelKind, text.LabelProcessingCode, text.LabelStan, text.LabelRrn, text.LabelTerminal,
                    text.LabelCard, Num(text.LabelAmount), text.LabelTransmission, text.LabelAnswer, text.LabelApprovalCode, text.LabelOriginalRrn, text.LabelSwitchStatus],
                pack.Exchanges.Select(e =>
                {
                    var r = e.Row;
                    var request = r.Kind != "reversal" ? "0200" : SentByTheBackOffice(r) ? "0420" : "0400";
                    var answered = r.Status != "InFlight";
                    var status = text.SwitchStatus(r.Status) + (string.IsNullOrEmpty(r.LateResponseCode) ? "" : " " + text.LateAnswer(r.LateResponseCode, _trace.ResponseMeaning(r.LateResponseCode)));
                    return new[]
                    {
                        When(r.LocalTime), Cell(answered ? $"{request} \u2192 {Response(request)}" : request, "mono"), Cell(_trace.KindName(r.Kind)),
                        Cell(ProcessingCode(r.Kind), "mono"), Cell(TraceMoney.Stan(r.Stan), "mono"), Cell(r.Rrn, "mono"), Cell(Guard(r.TerminalId), "mono"),
                        Cell(Guard(r.PanMasked), "mono"), Money(r.AmountMinor, r.Currency), Cell(e.TransmissionDateTime, "mono"),
                        Cell(answered ? $"{r.ResponseCode} {_trace.ResponseMeaning(r.ResponseCode)}" : ""), Cell(r.AuthCode, "mono"), Cell(r.OriginalRrn, "mono"), Cell(status),
                    };
                }),
                text.NoTransactionYet);

            H3(text.WireHeading);
            if (pack.Wire is not { } wire)
            {
                Note(pack.Records is null ? text.NoTransactionYet : text.EventsMissing);
            }
            else if (wire.Count == 0)
            {
                Note(text.NoWireMessages);
            }
            else
            {
                Note(text.WireNote);
                foreach (var m in wire)
                {
                    w.Write("<h4>");
                    Html.Text(w, $"{m.Time} \u00b7 {text.Party(m.From)} \u2192 {text.Party(m.To)} \u00b7 {m.Mti} {text.MessageType(m.Mti)} ");
                    if (m.Lost)
                    {
                        Html.Badge(w, false, failText: text.Lost);
                    }

                    w.Write("</h4>\n");
                    Table(
                        [Num(text.LabelField), text.LabelFieldName, text.LabelValue],
                        m.Fields.Select(f => new[]
                        {
                            Cell(f.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "num"), Cell(text.FieldName(f.Number)),
                            Cell(AmountFields.Contains(f.Number) ? f.Value : Guard(f.Value), "pre"),
                        }),
                        text.NoneOnRecord,
                        "fields");
                }
            }

            Close();
        }

        /// <summary>A reversal that carried out a case's release of the hold: the back office's reversal advice, not the terminal's 0400.</summary>
        private bool SentByTheBackOffice(TranlogRow reversal) =>
            pack.Records?.Resolutions.Any(r => r.MessageRrn == reversal.Rrn && r.WayBack == "release-hold") == true;

        private static string Response(string request) => request switch
        {
            "0400" => "0410",
            "0420" => "0430",
            _ => "0210",
        };

        private static string ProcessingCode(string kind) => kind switch
        {
            "purchase" => "000000",
            "refund" => "200000",
            "void" => "020000",
            _ => "",
        };

        private void PostingsSection()
        {
            Open("postings", text.SectionPostings);
            H3(text.HoldsHeading);
            Table(
                [text.LabelHoldId, text.LabelKind, text.LabelRrn, text.LabelStan, text.LabelTransmission, Num(text.LabelAmount), text.LabelApprovalCode, text.LabelStatus],
                pack.Holds.Select(h => new[]
                {
                    Cell(h.HoldId, "id"), Cell(_trace.KindName(h.Kind)), Cell(h.Rrn, "mono"), Cell(TraceMoney.Stan(checked((int)h.Stan)), "mono"),
                    Cell(h.TransmissionDateTime, "mono"), Money(h.AmountMinor, Currency), Cell(h.AuthCode, "mono"), Cell(text.HoldStatus(h.Status)),
                }),
                text.NoHolds);

            H3(text.TransfersHeading);
            Note(text.TransfersNote);
            var names = pack.Accounts.ToDictionary(a => a.AccountId, a => a.Name, StringComparer.Ordinal);
            string Account(string id) => Guard(names.GetValueOrDefault(id, id));
            Table(
                [Num(text.LabelSeq), text.LabelAppliedAt, text.LabelKind, text.LabelStatus, Num(text.LabelAmount), text.LabelDebit, text.LabelCredit,
                    text.LabelTransferId, text.LabelResolvesHold, text.LabelRrn, text.LabelPayout],
                pack.Postings.Select(p => new[]
                {
                    Cell(Html.Raw(p.Seq), "num"), When(p.AppliedAt), Cell(text.LedgerKind(p.Kind)), Cell(text.LedgerStatus(p.Status)),
                    Money(p.AmountMinor, p.Currency), Cell(Account(p.DebitAccount)), Cell(Account(p.CreditAccount)), Cell(p.Id, "id"), Cell(p.PendingId, "id"),
                    Cell(p.Rrn, "mono"), Cell(p.PayoutId, "mono"),
                }),
                text.NoPostings);

            H3(text.AccountsHeading);
            Table(
                [text.LabelAccountId, text.LabelName, text.LabelKind, text.LabelLedger, text.LabelFlags],
                pack.Accounts.Select(a => new[] { Cell(a.AccountId, "id"), Cell(Guard(a.Name)), Cell(a.Kind), Cell(a.Ledger), Cell(a.Flags) }),
                text.NoPostings);
            Close();
        }

        private void MoneySection()
        {
            Open("money", text.SectionMoney);
            H3(text.ClearingHeading);
            Table(
                [text.LabelClearingId, text.LabelKind, text.LabelRrn, text.LabelApprovalCode, Num(text.LabelAmount), text.LabelBusinessDate, text.LabelClearingDate, text.LabelChannel],
                pack.Clearing.Select(c => new[]
                {
                    Cell(c.ClearingId, "mono"), Cell(_trace.KindName(c.Kind)), Cell(c.Rrn, "mono"), Cell(c.AuthCode, "mono"), Money(c.AmountMinor, c.Currency),
                    When(c.BusinessDate), When(c.ClearingDate), Cell(text.Channel(c.Channel)),
                }),
                pack.Records is null ? text.NoTransactionYet : text.PackNotCleared);

            H3(text.SettlementHeading);
            Table(
                [text.LabelPayout, text.LabelClearingId, text.LabelRrn, Num(text.LabelGross), Num(text.LabelFee), Num(text.LabelNet), text.LabelValueDate, text.LabelDueDate, text.LabelLateCauses],
                pack.Settlements.Select(s => new[]
                {
                    Cell(s.PayoutId, "mono"), Cell(s.ClearingId, "mono"), Cell(s.Rrn, "mono"), Money(s.GrossMinor, Currency), Money(s.FeeMinor, Currency),
                    Money(s.NetMinor, Currency), When(s.ValueDate), When(s.DueDate), Cell(s.LateCauses),
                }),
                text.PackNotSettled);

            H3(text.PayoutsHeading);
            Table(
                [text.LabelPayout, text.LabelStatus, text.LabelFirstValueDate, text.LabelValueDate, Num(text.LabelGross), Num(text.LabelFee), Num(text.LabelNet),
                    Num(text.LabelAttempts), Num(text.LabelRows), text.LabelStatementLine],
                pack.Payouts.Select(p => new[]
                {
                    Cell(p.PayoutId, "mono"), Cell(text.PayoutStatus(p.Status)), When(p.FirstValueDate), When(p.ValueDate), Money(p.GrossMinor, Currency),
                    Money(p.FeeMinor, Currency), Money(p.NetMinor, Currency), Cell(Html.Raw(p.Attempts), "num"), Cell(Html.Raw(p.Rows), "num"), Cell(p.StatementId, "mono"),
                }),
                text.NoPayouts);

            H3(text.AttemptsHeading);
            Table(
                [text.LabelPayout, Num(text.LabelAttempt), text.LabelDate, text.LabelAccepted, text.LabelOutcome],
                pack.PayoutAttempts.Select(a => new[]
                {
                    Cell(a.PayoutId, "mono"), Cell(Html.Raw(a.Attempt), "num"), When(a.Date), Cell(a.Accepted ? text.Yes : text.No), Cell(Guard(a.Outcome)),
                }),
                text.NoPayouts);

            H3(text.StatementHeading);
            Table(
                [text.LabelStatementLine, text.LabelPayout, Num(text.LabelAmount), text.LabelValueDate],
                pack.Statement.Select(s => new[] { Cell(s.StatementId, "mono"), Cell(s.PayoutId, "mono"), Money(s.AmountMinor, Currency), When(s.ValueDate) }),
                text.NotOnStatement);
            Close();
        }

        private void FindingsSection()
        {
            Open("findings", text.SectionFindings);
            H3(text.MatcherHeading);
            Table(
                [text.LabelKind, text.LabelBusinessDate, text.LabelRrn, text.LabelPayout, Num(text.LabelExpected), Num(text.LabelActual), text.LabelDetail, text.LabelWhatToDo],
                pack.Findings.Select(f => new[]
                {
                    Cell(f.Kind, "mono"), When(f.BusinessDate), Cell(f.Rrn, "mono"), Cell(f.PayoutId, "mono"), Money(f.ExpectedMinor, Currency), Money(f.ActualMinor, Currency),
                    Cell(Guard(f.Detail)), Cell(_trace.ExceptionAdvice(f.Kind)),
                }),
                text.NoFindings);

            H3(text.FaultsHeading);
            Note(text.FaultsNote);
            Table(
                [Num(text.LabelSeq), text.LabelTime, text.LabelFault, text.LabelWhatItDid, text.LabelRrn, text.LabelStan, text.LabelPayout, text.LabelExpectedFinding],
                pack.Faults.Select(f => new[]
                {
                    Cell(Html.Raw(f.Sequence), "num"), When(f.LocalTime), Cell(f.Fault, "mono"), Cell(Guard(_trace.Fault(f.Fault, f.Detail))),
                    Cell(f.Rrn, "mono"), Cell(f.Stan, "mono"), Cell(f.PayoutId, "mono"), Cell(f.ExpectedKind, "mono"),
                }),
                text.NoFaults);

            H3(text.IncidentsHeading);
            Table(
                [Num(text.LabelSeq), text.LabelDate, text.LabelKind, text.LabelRrn, text.LabelPayout, text.LabelDetail],
                pack.Incidents.Select(i => new[]
                {
                    Cell(Html.Raw(i.Seq), "num"), When(i.Date), Cell(i.Kind, "mono"), Cell(i.Rrn, "mono"), Cell(i.PayoutId, "mono"), Cell(Guard(i.Detail)),
                }),
                text.NoIncidents);
            Close();
        }
    }
}
