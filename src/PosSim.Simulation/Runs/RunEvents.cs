using System.Globalization;
using System.Text.Json;
using PosSim.Core.Settlement;
using PosSim.Iso8583;
using PosSim.Iso8583.Json;
using PosSim.Ledger;

namespace PosSim.Simulation.Runs;

/// <summary>What a run tells as it goes: events.ndjson, or nothing.</summary>
public interface IRunEvents
{
    /// <summary>False when nobody listens, so the run skips building what it would tell.</summary>
    bool Enabled { get; }

    void Message(DateTimeOffset at, string from, string to, string terminalId, IsoMessage message, Dialect dialect, bool lost);

    void Posting(DateTimeOffset at, in Transfer transfer);

    void Timer(DateTimeOffset at, string owner, int fired);

    void CutOver(DateTimeOffset at, CutOverReport report);

    void Fault(DateTimeOffset at, FaultHit hit);

    void Note(DateTimeOffset at, string where, string terminalId, string text);
}

public static class RunEvents
{
    /// <summary>Tells nothing.</summary>
    public static IRunEvents None { get; } = new Silent();

    private sealed class Silent : IRunEvents
    {
        public bool Enabled => false;

        public void Message(DateTimeOffset at, string from, string to, string terminalId, IsoMessage message, Dialect dialect, bool lost)
        {
        }

        public void Posting(DateTimeOffset at, in Transfer transfer)
        {
        }

        public void Timer(DateTimeOffset at, string owner, int fired)
        {
        }

        public void CutOver(DateTimeOffset at, CutOverReport report)
        {
        }

        public void Fault(DateTimeOffset at, FaultHit hit)
        {
        }

        public void Note(DateTimeOffset at, string where, string terminalId, string text)
        {
        }
    }
}

/// <summary>
/// events.ndjson: one JSON object a line, each with its virtual time (<c>t</c>, acquirer local time with offset) and
/// its <c>event</c>: message (fields as `possim iso decode` prints them, PAN masked), posting, timer, cut-over,
/// fault or note. docs/scenarios.md describes each.
/// </summary>
public sealed class NdjsonRunEvents : IRunEvents, IDisposable
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly TimeSpan _offset;

    public NdjsonRunEvents(Stream stream, TimeSpan offset)
    {
        _stream = stream;
        _offset = offset;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public bool Enabled => true;

    public void Message(DateTimeOffset at, string from, string to, string terminalId, IsoMessage message, Dialect dialect, bool lost)
    {
        Begin(at, "message");
        _json.WriteString("from", from);
        _json.WriteString("to", to);
        _json.WriteString("terminal_id", terminalId);
        if (lost)
        {
            _json.WriteBoolean("lost", true);
        }

        _json.WritePropertyName("message");
        MessageJson.Write(message, dialect, _json);
        End();
    }

    public void Posting(DateTimeOffset at, in Transfer transfer)
    {
        Begin(at, "posting");
        // 32 hex digits, as run.sqlite writes ledger ids.
        _json.WriteString("transfer_id", transfer.Id.ToString("X32", CultureInfo.InvariantCulture));
        _json.WriteString("debit_account", transfer.DebitAccountId.ToString("X32", CultureInfo.InvariantCulture));
        _json.WriteString("credit_account", transfer.CreditAccountId.ToString("X32", CultureInfo.InvariantCulture));
        _json.WriteNumber("amount_minor", transfer.Amount);
        _json.WriteNumber("code", transfer.Code);
        _json.WriteString("flags", transfer.Flags.ToString());
        End();
    }

    public void Timer(DateTimeOffset at, string owner, int fired)
    {
        Begin(at, "timer");
        _json.WriteString("owner", owner);
        _json.WriteNumber("fired", fired);
        End();
    }

    public void CutOver(DateTimeOffset at, CutOverReport report)
    {
        Begin(at, "cut-over");
        _json.WriteString("business_date", report.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        _json.WriteNumber("cleared", report.Cleared.Count);
        _json.WriteNumber("payouts_paid", report.Settlement.Paid.Count);
        _json.WriteNumber("payouts_bounced", report.Settlement.Bounced.Count);
        _json.WriteNumber("payouts_reissued", report.Settlement.Reissued.Count);
        End();
    }

    public void Fault(DateTimeOffset at, FaultHit hit)
    {
        Begin(at, "fault");
        _json.WriteString("fault", Scenarios.FaultNames.Of(hit.Type));
        _json.WriteString("terminal_id", hit.TerminalId);
        _json.WriteString("rrn", hit.Rrn);
        _json.WriteString("stan", hit.Stan > 0 ? hit.Stan.ToString("D6", CultureInfo.InvariantCulture) : "");
        _json.WriteString("detail", hit.Detail);
        End();
    }

    public void Note(DateTimeOffset at, string where, string terminalId, string text)
    {
        Begin(at, "note");
        _json.WriteString("where", where);
        _json.WriteString("terminal_id", terminalId);
        _json.WriteString("text", text);
        End();
    }

    public void Dispose()
    {
        _json.Flush();
        _json.Dispose();
        _stream.Flush();
    }

    private void Begin(DateTimeOffset at, string kind)
    {
        _json.Reset(_stream);
        _json.WriteStartObject();
        _json.WriteString("t", at.ToOffset(_offset).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        _json.WriteString("event", kind);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
    }
}
