using Microsoft.Data.Sqlite;
using PosSim.Core.Switch;
using PosSim.Host.Stores;
using PosSim.Interchange;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>The tranlog row on disk says exactly what the entry said, and a later write of the same entry replaces it.</summary>
public sealed class SqliteTranlogStoreTests
{
    [Fact]
    public async Task A_row_holds_every_column_of_its_entry_and_a_rewrite_replaces_it()
    {
        using var folder = new TempFolder("possim-tranlog-");
        var path = folder.Sub("tranlog.db");
        var entry = new TranlogEntry
        {
            TxnId = 42,
            Kind = TransactionKind.Refund,
            Rrn = "634114000042",
            Stan = 37,
            TerminalId = "T0000001",
            MerchantId = "M00000000000001",
            Channel = InterchangeFiles.Channels.Qr,
            PanMasked = "476173******0119",
            PanHash = "9f86d081884c7d65",
            AmountMinor = 35_000,
            Currency = new Currency(36),
            TransmissionDateTime = "1129140215",
            BusinessDate = new DateOnly(2026, 11, 30),
            LocalTime = new DateTime(2026, 11, 29, 23, 0, 0),
            BatchNumber = 3,
            OriginalRrn = "634114000041",
        };

        await using (var store = new SqliteTranlogStore(path))
        {
            store.Write(entry);
            entry.Status = TransactionStatus.Answered;
            entry.ResponseCode = "00";
            entry.AuthCode = "123456";
            store.Write(entry);
            store.Commit(new StoreTurn { Turn = 1, Rows = store.TakeStaged([]), TxnSequence = 42 });
        }

        using var db = new SqliteConnection($"Data Source={path};Pooling=false");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT * FROM tranlog";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(reader.Read());
        Assert.Equal("42", row["txn_id"]);
        Assert.Equal("refund", row["kind"]);
        Assert.Equal("634114000042", row["rrn"]);
        Assert.Equal("37", row["stan"]);
        Assert.Equal("qr", row["channel"]);
        Assert.Equal("476173******0119", row["pan_masked"]);
        Assert.Equal("35000", row["amount_minor"]);
        Assert.Equal("036", row["currency"]);
        Assert.Equal("1129140215", row["transmission_datetime"]);
        Assert.Equal("2026-11-30", row["business_date"]);
        Assert.Equal("2026-11-29T23:00:00", row["local_time"]);
        Assert.Equal("3", row["batch_no"]);
        Assert.Equal("634114000041", row["original_rrn"]);
        Assert.Equal("Answered", row["status"]);
        Assert.Equal(("00", "123456"), (row["response_code"], row["auth_code"]));
        Assert.Null(row["late_response_code"]);
        Assert.Null(row["cancelled_by"]);
    }

    [Fact]
    public async Task A_row_written_but_not_committed_is_not_on_disk_and_a_committed_one_reads_back_as_it_was()
    {
        using var folder = new TempFolder("possim-tranlog-");
        var path = folder.Sub("tranlog.db");
        await using (var store = new SqliteTranlogStore(path))
        {
            store.Write(Entry(1));
            store.Commit(new StoreTurn { Turn = 1, Rows = store.TakeStaged([]), TxnSequence = 5 });
            store.Write(Entry(2)); // staged only: its turn never committed
        }

        await using var reopened = new SqliteTranlogStore(path);
        var rows = reopened.LoadRows();
        Assert.Equal([1L], rows.Select(r => r.TxnId));
        Assert.Equal(("634114000001", "00", TransactionStatus.Answered, 1L, 5L), (rows[0].Rrn, rows[0].ResponseCode, rows[0].Status, reopened.StoredTurn, reopened.StoredTxnSequence));
        Assert.Equal("ok", reopened.QuickCheck());
    }

    private static TranlogEntry Entry(long txnId) => new()
    {
        TxnId = txnId,
        Kind = TransactionKind.Purchase,
        Rrn = $"6341140{txnId:D5}",
        Stan = (int)txnId,
        TerminalId = "T0000001",
        MerchantId = "M00000000000001",
        PanMasked = "476173******0119",
        PanHash = "9f86d081884c7d65",
        AmountMinor = 100,
        Currency = new Currency(156),
        TransmissionDateTime = "1129140215",
        BusinessDate = new DateOnly(2026, 11, 30),
        LocalTime = new DateTime(2026, 11, 29, 23, 0, 0),
        BatchNumber = 1,
        Status = TransactionStatus.Answered,
        ResponseCode = "00",
        AuthCode = "123456",
    };
}
