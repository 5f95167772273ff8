using System.Buffers.Binary;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using SQLitePCL;

namespace PosSim.Host.Stores;

/// <summary>
/// The switch's store-and-forward queue on disk (<c>switch_queue</c>), rewritten with the turn that changed it. An
/// advice is kept as its fields, without the card data (2, 35, 36, 45, 52, 55): a PAN is never written in clear. The
/// subject's tranlog row keeps the PAN's keyed hash, from which a host that knows the cards puts field 2 back.
/// </summary>
internal static class QueueRecords
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS switch_queue (
            id INTEGER PRIMARY KEY,
            parked INTEGER NOT NULL,
            subject_txn_id INTEGER NOT NULL,
            repeat_mti TEXT NOT NULL,
            tries INTEGER NOT NULL,
            fields BLOB NOT NULL);
        """;

    /// <summary>Card data: never on disk in clear.</summary>
    private static readonly HashSet<int> Withheld = [2, 35, 36, 45, 52, 55];

    /// <summary>One queued or parked advice as values, taken on the loop when the turn is sealed.</summary>
    public readonly record struct Record(long Id, bool Parked, long SubjectTxnId, string RepeatMti, int Tries, byte[] Fields);

    public static void Snapshot(AcquirerSwitch acquirer, List<Record> into)
    {
        into.Clear();
        foreach (var advice in acquirer.Queue)
        {
            into.Add(new Record(advice.Id, false, advice.Subject.TxnId, advice.RepeatMti, advice.Tries, Encode(advice.Message)));
        }

        foreach (var advice in acquirer.Parked)
        {
            into.Add(new Record(advice.Id, true, advice.Subject.TxnId, advice.RepeatMti, advice.Tries, Encode(advice.Message)));
        }
    }

    /// <summary>Inside the commit point's transaction: the queue as it is now replaces what was stored.</summary>
    public static void Write(sqlite3 db, List<Record> records)
    {
        TranlogSchema.Exec(db, "DELETE FROM switch_queue;");
        using var insert = TranlogSchema.Prepare(db, "INSERT INTO switch_queue VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        foreach (var r in records)
        {
            raw.sqlite3_bind_int64(insert, 1, r.Id);
            raw.sqlite3_bind_int(insert, 2, r.Parked ? 1 : 0);
            raw.sqlite3_bind_int64(insert, 3, r.SubjectTxnId);
            raw.sqlite3_bind_text(insert, 4, r.RepeatMti);
            raw.sqlite3_bind_int(insert, 5, r.Tries);
            raw.sqlite3_bind_blob(insert, 6, r.Fields);
            TranlogSchema.Step(db, insert);
        }
    }

    /// <summary>
    /// The stored queue as advices for <see cref="AcquirerSwitch.Recover"/>: pending and parked, each tied to its
    /// subject's row: among <paramref name="rows"/>, or else read by <paramref name="rowOf"/> (a subject older than the
    /// rows a restart loads: an advice the issuer has not acknowledged for days); an advice whose row is missing is
    /// dropped. <paramref name="panOf"/> gives a card number back from its keyed hash when the host knows the cards
    /// (the issuer in the same process), else field 2 stays out.
    /// </summary>
    public static (List<QueuedAdvice> Pending, List<QueuedAdvice> Parked) Read(sqlite3 db, IReadOnlyList<TranlogEntry> rows, Func<string, string?>? panOf,
        Func<long, TranlogEntry?>? rowOf = null)
    {
        var byTxn = new Dictionary<long, TranlogEntry>(rows.Count);
        foreach (var row in rows)
        {
            byTxn[row.TxnId] = row;
        }

        var pending = new List<QueuedAdvice>();
        var parked = new List<QueuedAdvice>();
        using var select = TranlogSchema.Prepare(db, "SELECT id, parked, subject_txn_id, repeat_mti, tries, fields FROM switch_queue ORDER BY id");
        while (raw.sqlite3_step(select) == raw.SQLITE_ROW)
        {
            var subjectId = raw.sqlite3_column_int64(select, 2);
            if (!byTxn.TryGetValue(subjectId, out var subject) && (subject = rowOf?.Invoke(subjectId)) is null)
            {
                continue;
            }

            var message = Decode(raw.sqlite3_column_blob(select, 5));
            if (panOf?.Invoke(subject.PanHash) is { } pan)
            {
                message.Set(IsoMessage.FieldPan, pan);
            }

            var isParked = raw.sqlite3_column_int(select, 1) != 0;
            var advice = QueuedAdvice.Stored(raw.sqlite3_column_int64(select, 0), message, raw.sqlite3_column_text(select, 3).utf8_to_string(), subject,
                raw.sqlite3_column_int(select, 4), isParked);
            (isParked ? parked : pending).Add(advice);
        }

        return (pending, parked);
    }

    /// <summary>MTI, then per field: number (1 byte), length (2 bytes), value.</summary>
    private static byte[] Encode(IsoMessage message)
    {
        var buffer = new List<byte>(128);
        buffer.AddRange(message.MtiBytes);
        Span<byte> length = stackalloc byte[2];
        foreach (var field in message.Fields)
        {
            if (Withheld.Contains(field))
            {
                continue;
            }

            var value = message.Get(field);
            buffer.Add((byte)field);
            BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)value.Length));
            buffer.AddRange(length);
            buffer.AddRange(value);
        }

        return [.. buffer];
    }

    private static IsoMessage Decode(ReadOnlySpan<byte> data)
    {
        var message = new IsoMessage(System.Text.Encoding.ASCII.GetString(data[..4]));
        var at = 4;
        while (at < data.Length)
        {
            int field = data[at];
            int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(at + 1, 2));
            message.Set(field, data.Slice(at + 3, length));
            at += 3 + length;
        }

        return message;
    }
}

/// <summary>
/// The terminals' batch reports (0500s) on disk (<c>batch_reports</c>), appended with the turn that received them: a
/// restarted switch reopens each terminal's batch after its last balanced close, not batch 1.
/// </summary>
internal static class BatchRecords
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS batch_reports (
            seq INTEGER PRIMARY KEY,
            terminal_id TEXT NOT NULL,
            merchant_id TEXT NOT NULL,
            business_date TEXT NOT NULL,
            batch_no INTEGER NOT NULL,
            debit_count INTEGER NOT NULL,
            debit_amount_minor INTEGER NOT NULL,
            credit_count INTEGER NOT NULL,
            credit_amount_minor INTEGER NOT NULL,
            balanced INTEGER NOT NULL);
        """;

    /// <summary>Appends reports <paramref name="from"/> onwards, numbered from their place in the switch's list.</summary>
    public static void Write(sqlite3 db, List<BatchReport> reports, long from)
    {
        using var insert = TranlogSchema.Prepare(db, "INSERT OR REPLACE INTO batch_reports VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            raw.sqlite3_bind_int64(insert, 1, checked(from + i));
            raw.sqlite3_bind_text(insert, 2, r.TerminalId);
            raw.sqlite3_bind_text(insert, 3, r.MerchantId);
            raw.sqlite3_bind_text(insert, 4, r.BusinessDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            raw.sqlite3_bind_int(insert, 5, r.BatchNumber);
            raw.sqlite3_bind_int64(insert, 6, r.DebitCount);
            raw.sqlite3_bind_int64(insert, 7, r.DebitAmountMinor);
            raw.sqlite3_bind_int64(insert, 8, r.CreditCount);
            raw.sqlite3_bind_int64(insert, 9, r.CreditAmountMinor);
            raw.sqlite3_bind_int(insert, 10, r.Balanced ? 1 : 0);
            TranlogSchema.Step(db, insert);
        }
    }

    public static List<BatchReport> Read(sqlite3 db)
    {
        var reports = new List<BatchReport>();
        using var select = TranlogSchema.Prepare(db, "SELECT terminal_id, merchant_id, business_date, batch_no, debit_count, debit_amount_minor, credit_count, credit_amount_minor, balanced FROM batch_reports ORDER BY seq");
        while (raw.sqlite3_step(select) == raw.SQLITE_ROW)
        {
            reports.Add(new BatchReport(
                raw.sqlite3_column_text(select, 0).utf8_to_string(),
                raw.sqlite3_column_text(select, 1).utf8_to_string(),
                DateOnly.ParseExact(raw.sqlite3_column_text(select, 2).utf8_to_string(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                raw.sqlite3_column_int(select, 3),
                raw.sqlite3_column_int64(select, 4),
                raw.sqlite3_column_int64(select, 5),
                raw.sqlite3_column_int64(select, 6),
                raw.sqlite3_column_int64(select, 7),
                raw.sqlite3_column_int(select, 8) != 0));
        }

        return reports;
    }
}
