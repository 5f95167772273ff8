using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Tests.Support;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Outputs;

/// <summary>run.sqlite holds every collection of the run, answers support's questions through its indexes, never a PAN.</summary>
public sealed partial class RunDatabaseTests(RunDatabaseFixture db) : IClassFixture<RunDatabaseFixture>
{
    [Fact]
    public void Every_table_has_a_row_per_item_of_its_source()
    {
        var run = db.Run;
        var office = run.Office;
        using var c = db.Open();
        Assert.Equal(office.Switch.Tranlog.Count, c.Count("tranlog"));
        Assert.Equal(run.Issuer.Authorizations.Count, c.Count("authorizations"));
        Assert.Equal(office.Clearing.Records.Count, c.Count("clearing"));
        Assert.Equal(office.Engine.Details.Count, c.Count("settlements"));
        Assert.Equal(office.Engine.Payouts.Count, c.Count("payouts"));
        Assert.Equal(office.Engine.Payouts.Sum(p => p.Attempts.Count), c.Count("payout_attempts"));
        Assert.Equal(office.Engine.Statement.Rows.Count, c.Count("statement"));
        Assert.Equal(office.Engine.Merchants.Count(), c.Count("merchants"));
        Assert.Equal(office.Incidents.Items.Count, c.Count("incidents"));
        Assert.Equal(office.Ledger.GetAccounts().Count, c.Count("ledger_balances"));
        Assert.Equal(office.Ledger.GetTransfers().Count, c.Count("ledger_transfers"));
        Assert.Equal(run.Match.Exceptions.Count, c.Count("exceptions"));
        Assert.Equal(run.Faults.Count, c.Count("faults"));
        Assert.Equal(run.Expectations.Count, c.Count("expectations"));
        Assert.True(c.Count("run") >= 10);

        // The sample is not trivially empty anywhere support will look.
        foreach (var table in (string[])["tranlog", "clearing", "settlements", "payouts", "statement", "incidents", "exceptions", "faults"])
        {
            Assert.True(c.Count(table) > 0, table);
        }
    }

    [Fact]
    public void The_run_table_says_what_was_run()
    {
        var run = db.Run;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        using var c = db.Open();
        var facts = c.Rows("SELECT key, value FROM run").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(SampleRun.Scenario.Name, facts["scenario"]);
        Assert.Equal(SampleRun.Scenario.Seed.ToString(inv), facts["seed"]);
        Assert.Equal(run.AsOf.ToString("yyyy-MM-dd", inv), facts["as_of"]);
        Assert.Equal(run.SimulatedFrom.ToString("yyyy-MM-ddTHH:mm:ss", inv), facts["simulated_from"]);
        Assert.Equal(run.SimulatedTo.ToString("yyyy-MM-ddTHH:mm:ss", inv), facts["simulated_to"]);
        Assert.Equal(run.Office.Switch.Tranlog.Count.ToString(inv), facts["counter.transactions"]);
        Assert.Equal(run.Faults.Count.ToString(inv), facts["faults"]);
        Assert.Equal(run.Match.Exceptions.Count.ToString(inv), facts["match.exceptions"]);
    }

    [Fact]
    public void A_transaction_is_found_by_its_rrn_through_the_index()
    {
        var entry = db.Run.Office.Switch.Tranlog.First(e => e.Kind == TransactionKind.Refund);
        using var c = db.Open();
        const string Query = "SELECT txn_id, kind, amount_minor FROM tranlog WHERE rrn = $rrn";
        var row = Assert.Single(c.Rows(Query, ("$rrn", entry.Rrn)));
        Assert.Equal(entry.TxnId, row[0]);
        Assert.Equal("refund", row[1]);
        Assert.Contains("tranlog_rrn", c.Plan(Query, ("$rrn", entry.Rrn)), StringComparison.Ordinal);

        // And the purchase it refunds, through original_rrn.
        const string Refunds = "SELECT rrn FROM tranlog WHERE original_rrn = $rrn";
        Assert.Equal(entry.Rrn, Assert.Single(c.Rows(Refunds, ("$rrn", entry.OriginalRrn!)))[0]);
        Assert.Contains("tranlog_original_rrn", c.Plan(Refunds, ("$rrn", entry.OriginalRrn!)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_is_found_by_terminal_and_stan_through_the_index()
    {
        var entry = db.Run.Office.Switch.Tranlog[3];
        using var c = db.Open();
        const string Query = "SELECT txn_id, pan_masked FROM tranlog WHERE terminal_id = $terminal AND stan = $stan";
        var row = Assert.Single(c.Rows(Query, ("$terminal", entry.TerminalId), ("$stan", entry.Stan)));
        Assert.Equal(entry.TxnId, row[0]);
        Assert.Equal(entry.PanMasked, row[1]);
        Assert.Contains("tranlog_terminal_id_stan", c.Plan(Query, ("$terminal", entry.TerminalId), ("$stan", entry.Stan)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_is_found_around_a_time_by_its_amount_through_the_index()
    {
        // "I took 350.00 at about 10:00 on Monday and it never arrived": the planned sale whose presentment was dropped.
        var sale = SampleSales.Purchase(db.Run, "dropped");
        Assert.Equal(SampleSales.Plan(db.Run, "dropped").AmountMinor, sale.AmountMinor);
        static string At(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        using var c = db.Open();
        const string Query = """
            SELECT txn_id, terminal_id, rrn, local_time FROM tranlog
            WHERE local_time BETWEEN $from AND $to AND amount_minor = $amount
            """;
        (string, object)[] args = [("$from", At(sale.LocalTime.AddMinutes(-30))), ("$to", At(sale.LocalTime.AddMinutes(10))), ("$amount", sale.AmountMinor)];
        var row = Assert.Single(c.Rows(Query, args));
        Assert.Equal(sale.TxnId, row[0]);
        Assert.Equal(sale.TerminalId, row[1]);
        Assert.Equal(sale.Rrn, row[2]);
        Assert.Equal(At(sale.LocalTime), row[3]);
        Assert.Contains("tranlog_local_time_amount_minor", c.Plan(Query, args), StringComparison.Ordinal);
    }

    [Fact]
    public void Clearing_settlements_payouts_and_faults_are_looked_up_through_their_indexes()
    {
        var detail = db.Run.Office.Engine.Details[0];
        using var c = db.Open();
        (string, object)[] key = [("$terminal", detail.TerminalId), ("$rrn", detail.Rrn)];
        Assert.Contains("clearing_terminal_id_rrn", c.Plan("SELECT * FROM clearing WHERE terminal_id = $terminal AND rrn = $rrn", key), StringComparison.Ordinal);
        Assert.Contains("settlements_terminal_id_rrn", c.Plan("SELECT * FROM settlements WHERE terminal_id = $terminal AND rrn = $rrn", key), StringComparison.Ordinal);
        Assert.Contains("faults_terminal_id_rrn", c.Plan("SELECT * FROM faults WHERE terminal_id = $terminal AND rrn = $rrn", key), StringComparison.Ordinal);
        Assert.Contains("payouts_merchant_id", c.Plan("SELECT * FROM payouts WHERE merchant_id = $m", ("$m", detail.MerchantId)), StringComparison.Ordinal);
        Assert.Single(c.Rows("SELECT 1 FROM settlements WHERE terminal_id = $terminal AND rrn = $rrn", key));
    }

    [Fact]
    public void The_exception_joins_the_fault_that_caused_it()
    {
        // Each fault on a transaction (the dropped and the duplicated presentment) joins its exception and its purchase.
        var run = db.Run;
        var onTransactions = run.Faults.Where(f => f.Rrn.Length > 0).ToList();
        Assert.Equal(run.Scenario.Faults.Count(f => f.Ref is not null), onTransactions.Count);
        using var c = db.Open();
        var rows = c.Rows("""
            SELECT e.kind, f.fault, f.expected_kind, t.amount_minor, t.response_code, e.rrn
            FROM exceptions e
            JOIN faults f ON f.terminal_id = e.terminal_id AND f.rrn = e.rrn
            JOIN tranlog t ON t.terminal_id = e.terminal_id AND t.rrn = e.rrn AND t.kind = 'purchase'
            ORDER BY f.sequence
            """);
        Assert.Equal(onTransactions.Select(f => (f.Rrn, f.Fault)), rows.Select(r => ((string)r[5]!, (string)r[1]!)));
        foreach (var row in rows)
        {
            Assert.Equal(row[0], row[2]);
            Assert.Equal("00", row[4]);
        }

        var fault = SampleSales.FaultOn(run, "dropped");
        var dropped = rows.Single(r => (string)r[5]! == fault.Rrn);
        Assert.Equal("approved-not-cleared", dropped[0]);
        Assert.Equal("clearing-dropped", dropped[1]);
        Assert.Equal(SampleSales.Plan(run, "dropped").AmountMinor, dropped[3]);
        Assert.Empty(c.Rows("SELECT 1 FROM clearing WHERE terminal_id = $t AND rrn = $r AND kind = 'purchase'", ("$t", fault.TerminalId), ("$r", fault.Rrn)));

        var doubled = SampleSales.FaultOn(run, "doubled");
        Assert.Equal("duplicate-clearing", rows.Single(r => (string)r[5]! == doubled.Rrn)[0]);
        Assert.Equal(2L, c.Rows("SELECT COUNT(*) FROM clearing WHERE terminal_id = $t AND rrn = $r AND kind = 'purchase'", ("$t", doubled.TerminalId), ("$r", doubled.Rrn))[0][0]);
    }

    [Fact]
    public void A_payout_is_traced_to_its_ledger_transfers()
    {
        var payout = db.Run.Office.Engine.Payouts.First(p => p.FeeMinor > 0 && p.NetMinor > 0);
        using var c = db.Open();
        var rows = c.Rows("SELECT kind, amount_minor FROM ledger_transfers WHERE payout_id = $p ORDER BY seq", ("$p", payout.PayoutId));
        Assert.Equal(["fee", "payout"], rows.Select(r => (string)r[0]!));
        Assert.Equal([payout.FeeMinor, payout.NetMinor], rows.Select(r => (long)r[1]!));
    }

    [Fact]
    public void No_cell_anywhere_holds_a_pan_of_the_issuers_cards()
    {
        var pans = db.Run.Issuer.Cards.Select(card => card.Pan).ToList();
        Assert.Equal(SampleRun.Scenario.Cardholders.Count, pans.Count);
        using var c = db.Open();
        var cells = 0;
        foreach (var table in c.Rows("SELECT name FROM sqlite_master WHERE type = 'table'").Select(r => (string)r[0]!))
        {
            foreach (var row in c.Rows($"SELECT * FROM \"{table}\""))
            {
                foreach (var cell in row)
                {
                    var text = Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    cells++;
                    foreach (Match number in LongNumber().Matches(text))
                    {
                        Assert.DoesNotContain(number.Value, pans);
                    }

                    Assert.DoesNotContain(pans, pan => text.Contains(pan, StringComparison.Ordinal));
                }
            }
        }

        Assert.True(cells > 1000, $"only {cells} cells scanned");

        // Cardholders are still recognisable, by the masked PAN: the card that paid the planned sales.
        var masked = SampleSales.Purchase(db.Run, "dropped").PanMasked;
        Assert.Contains('*', masked);
        Assert.Single(c.Rows("SELECT 1 FROM ledger_balances WHERE kind = 'cardholder' AND pan_masked = $m", ("$m", masked)));
    }

    [Fact]
    public void Money_in_the_ledger_balances_adds_to_zero_per_currency()
    {
        using var c = db.Open();
        var sums = c.Rows("""
            SELECT currency, SUM(balance), SUM(pending), SUM(debits_posted) - SUM(credits_posted), SUM(debits_pending) - SUM(credits_pending)
            FROM ledger_balances GROUP BY currency
            """);
        var sum = Assert.Single(sums);
        Assert.Equal("156", sum[0]);
        Assert.Equal([0L, 0L, 0L, 0L], sum[1..]);

        // And the merchants' accounts hold what their statement says arrived.
        foreach (var merchant in db.Run.Office.Engine.Merchants)
        {
            var balance = (long)c.Rows("SELECT balance FROM ledger_balances WHERE merchant_id = $m", ("$m", merchant.MerchantId))[0][0]!;
            Assert.Equal(db.Run.Office.Engine.Statement.TotalFor(merchant.MerchantId), balance);
        }
    }

    [Fact]
    public void Rewriting_replaces_the_file_with_the_same_bytes()
    {
        using var folder = new TempFolder("possim-run-db-rewrite-");
        var path = folder.Sub(RunDatabase.FileName);
        File.WriteAllText(path, "not a database");
        RunDatabase.Write(path, db.Run);
        var first = File.ReadAllBytes(path);
        RunDatabase.Write(path, db.Run);
        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Equal(File.ReadAllBytes(db.Path), first); // same run, same bytes, wherever it is written
        Assert.Equal([RunDatabase.FileName], Directory.GetFiles(folder.Path).Select(Path.GetFileName));

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal(db.Run.Office.Switch.Tranlog.Count, connection.Count("tranlog"));
    }

    [Fact]
    public void The_docs_describe_every_table_and_column()
    {
        var doc = File.ReadAllText(RepoRoot.Combine("docs", "run-database.md"));
        using var c = db.Open();
        foreach (var table in c.Rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Select(r => (string)r[0]!))
        {
            Assert.Contains($"### `{table}`", doc, StringComparison.Ordinal);
            foreach (var column in c.Rows($"SELECT name FROM pragma_table_info('{table}')").Select(r => (string)r[0]!))
            {
                Assert.True(doc.Contains($"| `{column}` |", StringComparison.Ordinal), $"{table}.{column} is not in docs/run-database.md");
            }
        }

        foreach (var index in c.Rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").Select(r => (string)r[0]!))
        {
            Assert.Contains($"`{index}`", doc, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("[0-9]{16,19}")]
    private static partial Regex LongNumber();
}
