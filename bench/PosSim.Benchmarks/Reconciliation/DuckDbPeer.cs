using System.Globalization;
using DuckDB.NET.Data;

namespace PosSim.Benchmarks.Reconciliation;

/// <summary>
/// The same 15 rules as the matcher, written in DuckDB SQL over the same files, as the peer in the benchmark.
/// It loads the CSV files into tables, computes every exception's (kind, key) and writes them, sorted, to a
/// CSV file. It does not write the sentences or the matched and pending counts (so it does a little less work).
/// </summary>
public static class DuckDbPeer
{
    public static Dictionary<string, long> Run(string inDir, string outFile, DateOnly asOf)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        string P(string name) => Path.Combine(inDir, name).Replace("'", "''", StringComparison.Ordinal);
        var asOfSql = $"DATE '{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";
        var hasBatches = File.Exists(Path.Combine(inDir, "batches.csv"));
        var hasHolidays = File.Exists(Path.Combine(inDir, "holidays.csv"));
        string Csv(string name) => $"read_csv('{P(name)}', header = true, all_varchar = true, sep = ',', quote = '\"', escape = '\"')";

        var sql = $"""
            CREATE TABLE merchants AS SELECT merchant_id, CAST(mdr_card_bps AS INTEGER) AS card_bps, CAST(mdr_qr_bps AS INTEGER) AS qr_bps,
                CAST(settle_days AS INTEGER) AS settle_days FROM {Csv("merchants.csv")};
            CREATE TABLE txn AS SELECT kind, rrn, terminal_id, merchant_id, channel, CAST(amount_minor AS BIGINT) AS amount,
                coalesce(response_code = '00', false) AS approved, CAST(business_date AS DATE) AS bdate, CAST(local_time AS TIMESTAMP) AS ltime, original_rrn
                FROM {Csv("transactions.csv")};
            CREATE TABLE clr AS SELECT clearing_id, kind, rrn, terminal_id, merchant_id, CAST(amount_minor AS BIGINT) AS amount, CAST(business_date AS DATE) AS bdate
                FROM {Csv("clearing.csv")};
            CREATE TABLE stl AS SELECT payout_id, clearing_id, rrn, terminal_id, merchant_id, CAST(gross_minor AS BIGINT) AS gross,
                CAST(fee_minor AS BIGINT) AS fee, CAST(net_minor AS BIGINT) AS net, CAST(value_date AS DATE) AS vdate FROM {Csv("settlements.csv")};
            CREATE TABLE pay AS SELECT statement_id, payout_id, merchant_id, CAST(amount_minor AS BIGINT) AS amount FROM {Csv("payouts.csv")};
            CREATE TABLE bat AS {(hasBatches
                ? $"SELECT terminal_id, CAST(business_date AS DATE) AS bdate, CAST(debit_count AS BIGINT) AS dc, CAST(debit_amount_minor AS BIGINT) AS da, CAST(credit_count AS BIGINT) AS cc, CAST(credit_amount_minor AS BIGINT) AS ca FROM {Csv("batches.csv")}"
                : "SELECT ''::VARCHAR AS terminal_id, DATE '2000-01-01' AS bdate, 0::BIGINT AS dc, 0::BIGINT AS da, 0::BIGINT AS cc, 0::BIGINT AS ca WHERE false")};
            CREATE TABLE hol AS {(hasHolidays ? $"SELECT CAST(date AS DATE) AS d FROM {Csv("holidays.csv")}" : "SELECT DATE '2000-01-01' AS d WHERE false")};

            -- Business calendar: rank = business days up to and including d.
            CREATE TABLE cal AS
                WITH days AS (SELECT CAST(d AS DATE) AS d FROM range((SELECT min(bdate) - 7 FROM clr), (SELECT max(bdate) + 400 FROM clr), INTERVAL 1 DAY) t(d)),
                flagged AS (SELECT d, isodow(d) <= 5 AND d NOT IN (SELECT d FROM hol) AS biz FROM days)
                SELECT d, biz, sum(CASE WHEN biz THEN 1 ELSE 0 END) OVER (ORDER BY d) AS rnk FROM flagged;
            CREATE TABLE dues AS
                SELECT x.bdate, x.n, b.d AS due
                FROM (SELECT DISTINCT bdate FROM clr) bd, (SELECT DISTINCT settle_days AS n FROM merchants) sd,
                     LATERAL (SELECT bd.bdate, sd.n) x
                JOIN cal c0 ON c0.d = x.bdate
                JOIN cal c1 ON c1.d = x.bdate - 1
                JOIN cal b ON b.biz AND b.rnk = CASE WHEN x.n = 0 THEN c1.rnk + 1 ELSE c0.rnk + x.n END;

            -- Live transactions: approved purchases and refunds no approved reversal or void points at.
            CREATE TABLE t AS
                SELECT p.*, c.rrn IS NOT NULL AS cancelled, p.approved AND c.rrn IS NULL AS live
                FROM (SELECT * FROM txn WHERE kind IN ('purchase', 'refund')) p
                LEFT JOIN (SELECT DISTINCT terminal_id, original_rrn AS rrn FROM txn WHERE kind IN ('reversal', 'void') AND approved AND original_rrn IS NOT NULL) c
                USING (terminal_id, rrn);
            CREATE TABLE cm AS
                SELECT clr.*, t.kind IS NOT NULL AS matched, coalesce(t.approved, false) AS t_approved, coalesce(t.cancelled, false) AS t_cancelled,
                    t.amount AS t_amount, t.channel AS t_channel, coalesce(tm.merchant_id, clr.merchant_id) AS eff_merchant
                FROM clr
                LEFT JOIN t ON t.terminal_id = clr.terminal_id AND t.rrn = clr.rrn AND t.kind = clr.kind
                LEFT JOIN merchants tm ON tm.merchant_id = t.merchant_id;
            CREATE TABLE cmd AS
                SELECT cm.*, m.card_bps, m.qr_bps, d.due
                FROM (SELECT * FROM cm QUALIFY row_number() OVER (PARTITION BY clearing_id ORDER BY terminal_id, rrn, kind) = 1) cm
                JOIN merchants m ON m.merchant_id = cm.eff_merchant
                JOIN dues d ON d.bdate = cm.bdate AND d.n = m.settle_days;
            CREATE TABLE payout_sums AS SELECT payout_id, sum(net) AS net, max(vdate) AS due FROM stl GROUP BY payout_id;
            CREATE TABLE statement_sums AS SELECT payout_id, sum(amount) AS amount FROM pay WHERE payout_id IS NOT NULL GROUP BY payout_id;
            CREATE TABLE live_days AS
                SELECT terminal_id, bdate,
                    sum(CASE WHEN kind = 'purchase' THEN 1 ELSE 0 END) AS dc, sum(CASE WHEN kind = 'purchase' THEN amount ELSE 0 END) AS da,
                    sum(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END) AS cc, sum(CASE WHEN kind = 'refund' THEN amount ELSE 0 END) AS ca
                FROM t WHERE live GROUP BY terminal_id, bdate;

            CREATE TABLE ex AS
            SELECT DISTINCT * FROM (
                SELECT 'approved-not-cleared' AS kind, t.terminal_id AS k1, t.rrn AS k2 FROM t
                    WHERE t.live AND t.bdate + 1 < {asOfSql}
                    AND NOT EXISTS (SELECT 1 FROM clr WHERE clr.terminal_id = t.terminal_id AND clr.rrn = t.rrn AND clr.kind = t.kind)
                UNION ALL SELECT 'cleared-without-approval', terminal_id, rrn FROM cm WHERE NOT t_approved
                UNION ALL SELECT 'cleared-after-reversal', terminal_id, rrn FROM cm WHERE t_approved AND t_cancelled
                UNION ALL SELECT 'duplicate-clearing', terminal_id, rrn FROM clr GROUP BY terminal_id, rrn, kind HAVING count(*) > 1
                UNION ALL SELECT 'clearing-amount-mismatch', terminal_id, rrn FROM cm WHERE t_approved AND amount <> t_amount
                UNION ALL SELECT 'cleared-not-settled', c.terminal_id, c.rrn FROM cm c JOIN cmd d ON d.clearing_id = c.clearing_id
                    WHERE d.due < {asOfSql} AND NOT EXISTS (SELECT 1 FROM stl WHERE stl.clearing_id = c.clearing_id)
                UNION ALL SELECT 'fee-mismatch', s.terminal_id, s.rrn FROM stl s JOIN cmd c ON c.clearing_id = s.clearing_id
                    WHERE c.matched AND s.fee <> CASE WHEN c.kind = 'refund' THEN 0
                        ELSE (abs(s.gross) * CASE WHEN c.t_channel = 'qr' THEN c.qr_bps ELSE c.card_bps END + 5000) // 10000 END
                UNION ALL SELECT 'duplicate-settlement', terminal_id, rrn FROM stl
                    WHERE clearing_id IN (SELECT clearing_id FROM stl GROUP BY clearing_id HAVING count(*) > 1)
                UNION ALL SELECT 'settled-late', s.terminal_id, s.rrn FROM stl s JOIN cmd c ON c.clearing_id = s.clearing_id WHERE s.vdate > c.due
                UNION ALL SELECT 'payout-missing', p.payout_id, '' FROM payout_sums p
                    WHERE p.due < {asOfSql} AND p.payout_id NOT IN (SELECT payout_id FROM statement_sums)
                UNION ALL SELECT 'payout-amount-mismatch', p.payout_id, '' FROM payout_sums p JOIN statement_sums s USING (payout_id) WHERE p.net <> s.amount
                UNION ALL SELECT 'payout-unknown', statement_id, '' FROM pay WHERE payout_id IS NULL OR payout_id NOT IN (SELECT payout_id FROM payout_sums)
                UNION ALL SELECT 'refund-without-original', r.terminal_id, r.rrn FROM t r WHERE r.live AND r.kind = 'refund'
                    AND NOT EXISTS (SELECT 1 FROM t p WHERE p.live AND p.kind = 'purchase' AND p.terminal_id = r.terminal_id AND p.rrn = r.original_rrn)
                UNION ALL SELECT 'refund-exceeds-original', terminal_id, rrn FROM (
                    SELECT r.terminal_id, r.rrn, p.amount AS limit_amount,
                        sum(r.amount) OVER (PARTITION BY r.terminal_id, r.original_rrn ORDER BY r.ltime, r.rrn ROWS UNBOUNDED PRECEDING) AS running
                    FROM t r JOIN t p ON p.live AND p.kind = 'purchase' AND p.terminal_id = r.terminal_id AND p.rrn = r.original_rrn
                    WHERE r.live AND r.kind = 'refund') WHERE running > limit_amount
                UNION ALL SELECT 'batch-out-of-balance', b.terminal_id, strftime(b.bdate, '%Y-%m-%d') FROM
                    (SELECT terminal_id, bdate, sum(dc) AS dc, sum(da) AS da, sum(cc) AS cc, sum(ca) AS ca FROM bat GROUP BY terminal_id, bdate) b
                    LEFT JOIN live_days l USING (terminal_id, bdate)
                    WHERE b.dc <> coalesce(l.dc, 0) OR b.da <> coalesce(l.da, 0) OR b.cc <> coalesce(l.cc, 0) OR b.ca <> coalesce(l.ca, 0)
            );
            COPY (SELECT * FROM ex ORDER BY kind, k1, k2) TO '{outFile.Replace("'", "''", StringComparison.Ordinal)}' (HEADER, DELIMITER ',');
            """;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, count(*) FROM ex GROUP BY kind ORDER BY kind";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }
}
