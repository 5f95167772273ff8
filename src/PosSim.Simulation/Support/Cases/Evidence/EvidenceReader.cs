using System.Globalization;
using Microsoft.Data.Sqlite;
using PosSim.Core.Cases;
using PosSim.Simulation.Outputs;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// Gathers a case's evidence from its run folder, read-only: run.sqlite for the records, cases.ndjson for the
/// steps, events.ndjson (when the folder has it) for the messages as they went on the wire. The transaction, its
/// follow-ups (refunds, voids, reversals) and the payouts that carried them are the keys: a row is evidence when it
/// names one of them.
/// </summary>
internal sealed class EvidenceReader(TransactionStoryReader story)
{

    /// <summary>Everything about case <paramref name="c"/> of the run in <paramref name="runDir"/> (a folder <see cref="CaseBook"/> opened).</summary>
    public static EvidencePack Collect(string runDir, SupportCase c)
    {
        using var story = TransactionStoryReader.Open(runDir);
        var reader = new EvidenceReader(story);
        var steps = CaseLog.Read(runDir).Where(e => e.CaseId == c.Id).ToList();
        var run = new RunFacts(
            story.RunValue("scenario") ?? "", story.RunValue("description") ?? "", story.RunValue("seed") ?? "",
            story.RunValue("simulated_from") ?? "", story.RunValue("simulated_to") ?? "", story.RunValue("as_of") ?? "", story.RunValue("currency") ?? "");
        var generatedAt = c.Audit.Count > 0 ? c.Audit[^1].At : c.Complaint.ApproximateTime;
        var merchant = reader.Merchant(c.Transaction?.MerchantId ?? c.Complaint.MerchantId);

        var row = c.Transaction is { } t
            ? story.Find(new TraceQuery.ByRrn(t.Rrn)).FirstOrDefault(r => r.TerminalId == t.TerminalId && r.Rrn == t.Rrn && r.Kind == "purchase")
            : null;
        if (row is null)
        {
            return new EvidencePack(c, steps, run, generatedAt, null, merchant, [], null, [], [], [], [], [], [], [], [], [], [], []);
        }

        var records = story.Read(row);
        var rows = records.FollowUps.Prepend(row).ToList();
        var keys = new Keys(row.TerminalId, rows.Select(r => r.Rrn).Distinct(StringComparer.Ordinal).ToList(), row.BusinessDate);
        var settlements = reader.Settlements(keys);
        keys = keys with { Payouts = settlements.Select(s => s.PayoutId).Distinct(StringComparer.Ordinal).ToList() };
        var postings = reader.Postings(keys);
        var transmission = reader.TransmissionTimes(rows.Select(r => r.TxnId));
        var exchanges = rows.Select(r => new MessageExchange(r, transmission.GetValueOrDefault(r.TxnId, ""))).ToList();

        return new EvidencePack(
            c, steps, run, generatedAt, records, merchant, exchanges,
            WireLog.Read(Path.Combine(runDir, RunOutputs.Events), row.TerminalId, exchanges),
            reader.Holds(keys), postings, reader.Accounts(postings), reader.Clearing(keys), settlements,
            reader.Payouts(keys), reader.PayoutAttempts(keys), reader.Statement(keys), reader.Findings(keys), reader.Faults(keys), reader.Incidents(keys));
    }

    private MerchantAgreement? Merchant(string merchantId) => Query(
        "SELECT merchant_id, settlement_account, mdr_card_bps, mdr_qr_bps, settle_days, fallback_settle_days FROM merchants WHERE merchant_id = $merchant",
        r => new MerchantAgreement(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
        [("$merchant", merchantId)]).FirstOrDefault();

    private Dictionary<long, string> TransmissionTimes(IEnumerable<long> txnIds)
    {
        var ids = txnIds.ToList();
        return Query(
            $"SELECT txn_id, transmission_datetime FROM tranlog WHERE txn_id IN ({List("$id", ids.Count)})",
            r => (Id: r.GetInt64(0), Time: r.GetString(1)), Params("$id", ids)).ToDictionary(x => x.Id, x => x.Time);
    }

    private List<HoldEvidence> Holds(Keys k) => Query(
        $"SELECT hold_id, kind, terminal_id, stan, transmission_datetime, rrn, amount_minor, auth_code, status FROM authorizations WHERE {k.Transactions()} ORDER BY hold_id",
        r => new HoldEvidence(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetString(7), r.GetString(8)),
        k.Parameters());

    /// <summary>The transaction's own transfers (hold, post or release, clearing) and those of its payouts (fee, payout).</summary>
    private List<PostingEvidence> Postings(Keys k) => Query(
        "SELECT seq, id, kind, debit_account, credit_account, amount_minor, currency, pending_id, status, flags, timeout_seconds, applied_at, rrn, payout_id " +
        $"FROM ledger_transfers WHERE ({k.Transactions()}) OR ({k.InPayouts()}) ORDER BY seq",
        r => new PostingEvidence(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6),
            NullableText(r, 7), r.GetString(8), r.GetString(9), r.GetInt64(10), r.GetString(11), NullableText(r, 12), NullableText(r, 13)),
        k.Parameters());

    private List<AccountEvidence> Accounts(List<PostingEvidence> postings)
    {
        var ids = postings.SelectMany(p => new[] { p.DebitAccount, p.CreditAccount }).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? [] : Query(
            $"SELECT account_id, name, kind, ledger, flags FROM ledger_balances WHERE account_id IN ({List("$a", ids.Count)}) ORDER BY rowid",
            r => new AccountEvidence(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), Params("$a", ids));
    }

    private List<ClearingEvidence> Clearing(Keys k) => Query(
        $"SELECT clearing_id, kind, rrn, auth_code, amount_minor, currency, business_date, clearing_date, channel FROM clearing WHERE {k.Transactions()} ORDER BY clearing_id",
        r => new ClearingEvidence(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)),
        k.Parameters());

    private List<SettlementEvidence> Settlements(Keys k) => Query(
        "SELECT payout_id, clearing_id, rrn, gross_minor, fee_minor, net_minor, value_date, due_date, late_causes " +
        $"FROM settlements WHERE {k.Transactions()} ORDER BY value_date, clearing_id",
        r => new SettlementEvidence(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6), NullableText(r, 7), r.GetString(8)),
        k.Parameters());

    private List<PayoutEvidence> Payouts(Keys k) => k.Payouts.Count == 0 ? [] : Query(
        "SELECT payout_id, status, first_value_date, value_date, gross_minor, fee_minor, net_minor, attempts, rows, statement_id " +
        $"FROM payouts WHERE {k.InPayouts()} ORDER BY first_value_date, payout_id",
        r => new PayoutEvidence(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), NullableText(r, 9)),
        k.Parameters());

    private List<PayoutAttemptRow> PayoutAttempts(Keys k) => k.Payouts.Count == 0 ? [] : Query(
        $"SELECT payout_id, attempt, date, accepted, outcome FROM payout_attempts WHERE {k.InPayouts()} ORDER BY date, payout_id, attempt",
        r => new PayoutAttemptRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3) != 0, r.GetString(4)),
        k.Parameters());

    private List<StatementRow> Statement(Keys k) => k.Payouts.Count == 0 ? [] : Query(
        $"SELECT statement_id, payout_id, amount_minor, value_date FROM statement WHERE {k.InPayouts()} ORDER BY statement_id",
        r => new StatementRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)),
        k.Parameters());

    /// <summary>
    /// The matcher's findings about the transaction, its follow-ups or payouts, and the batch finding of its terminal
    /// that day: a sale missing from the batch totals is what that finding is about, though it names no RRN.
    /// </summary>
    private List<ExceptionRow> Findings(Keys k) => Query(
        "SELECT kind, terminal_id, rrn, payout_id, business_date, expected_minor, actual_minor, detail FROM exceptions " +
        $"WHERE ({k.Transactions()}) OR (kind = 'batch-out-of-balance' AND terminal_id = $terminal AND business_date = $date) OR ({k.InPayouts()}) ORDER BY rowid",
        r => new ExceptionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7)),
        k.Parameters());

    private List<FaultEvidence> Faults(Keys k) => Query(
        "SELECT sequence, local_time, fault, rrn, stan, payout_id, expected_kind, detail FROM faults " +
        $"WHERE ({k.Transactions()}) OR ({k.InPayouts()}) ORDER BY sequence",
        r => new FaultEvidence(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        k.Parameters());

    private List<IncidentEvidence> Incidents(Keys k) => Query(
        $"SELECT seq, kind, date, rrn, payout_id, detail FROM incidents WHERE ({k.Transactions()}) OR ({k.InPayouts()}) ORDER BY seq",
        r => new IncidentEvidence(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)),
        k.Parameters());

    private static string? NullableText(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string List(string prefix, int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)));

    private static (string, object)[] Params<T>(string prefix, IReadOnlyList<T> values)
        where T : notnull =>
        [.. values.Select((v, i) => (prefix + i.ToString(CultureInfo.InvariantCulture), (object)v))];

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, (string Name, object Value)[] parameters) =>
        story.Query(sql, read, parameters);

    /// <summary>What makes a row evidence: the terminal and RRN of the transaction or a follow-up, or one of their payouts.</summary>
    private sealed record Keys(string TerminalId, List<string> Rrns, string BusinessDate)
    {
        public List<string> Payouts { get; init; } = [];

        public string Transactions() => $"terminal_id = $terminal AND rrn IN ({List("$rrn", Rrns.Count)})";

        // An empty IN () is not SQL: no payout matches nothing.
        public string InPayouts() => Payouts.Count == 0 ? "0 = 1" : $"payout_id IN ({List("$payout", Payouts.Count)})";

        public (string, object)[] Parameters() =>
            [("$terminal", TerminalId), ("$date", BusinessDate), .. Params("$rrn", Rrns), .. Params("$payout", Payouts)];
    }
}
