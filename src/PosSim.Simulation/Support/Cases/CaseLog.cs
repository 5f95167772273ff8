using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases;

/// <summary>
/// cases.ndjson in a run folder: every accepted step of every case, one JSON object a line, in the order taken
/// (docs/cases.md). A case's state is these steps replayed over the run's records, so nothing is lost between
/// commands and the same log gives the same cases.
/// </summary>
public static class CaseLog
{
    public const string FileName = "cases.ndjson";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss";

    /// <summary>One line: the case it belongs to, and the complaint that opens it or the step taken.</summary>
    /// <param name="Facts">
    /// The transaction as the records showed it when the step was taken. A run folder is written again when a case's
    /// resolution is carried out, and money moves: replay checks each step against what its taker saw, not against
    /// the money's place today. Absent on lines written before it was kept.
    /// </param>
    public sealed record Entry(long CaseId, Complaint? Opened, string Actor, DateTime At, CaseAction? Step, TransactionFacts? Facts = null)
    {
        /// <summary>Why <see cref="Step"/> was refused: the line records a step tried, and replaying skips it.</summary>
        public CaseRefusal? Refused { get; init; }

        /// <summary>For a search of the records for the case: how many transactions fitted. Replaying skips it.</summary>
        public int? Searched { get; init; }

        /// <summary>
        /// A line that changed nothing: kept so what was tried, and when the records were looked at, can be reviewed
        /// (training grades it). Logs written before these lines existed have none, and replay as they always did.
        /// </summary>
        public bool ChangesNothing => Refused is not null || Searched is not null;
    }

    public static IReadOnlyList<Entry> Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<Entry>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(Parse(JsonNode.Parse(line)?.AsObject() ?? throw new FormatException("not a JSON object")));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
            {
                throw new CaseInputException($"{path}:{lineNumber}: {e.Message}; the case log is damaged (restore it, or remove that line and the ones after it for the case)");
            }
        }

        return entries;
    }

    public static void Append(string runDir, Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        File.AppendAllText(Path.Combine(runDir, FileName), Format(entry).ToJsonString() + "\n");
    }

    private static JsonObject Format(Entry e)
    {
        var o = new JsonObject { ["case"] = e.CaseId };
        void Put(string key, JsonNode? value) => o[key] = value;
        if (e.Searched is { } found)
        {
            Put("step", "search");
            Put("found", found);
        }
        else if (e.Opened is { } c)
        {
            Put("step", "open");
            Put("merchant", c.MerchantId);
            Put("terminal", c.TerminalId);
            Put("time", Time(c.ApproximateTime));
            Put("amount_minor", c.AmountMinor);
            Put("words", c.Words);
        }
        else
        {
            switch (e.Step)
            {
                case ConfirmRecords s:
                    Put("step", "confirm-records");
                    Put("terminal", s.TerminalId);
                    Put("rrn", s.Rrn);
                    break;
                case Diagnose s:
                    Put("step", "diagnose");
                    Put("money", CaseNames.Of(s.Money));
                    break;
                case ContactCustomer s:
                    Put("step", "contact-customer");
                    Put("path", CaseNames.Of(s.Path));
                    Put("by_date", s.By.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    Put("note", s.Note);
                    break;
                case ApplyForRefund s:
                    Put("step", "apply-for-refund");
                    Put("time", Time(s.Application.TransactionTime));
                    Put("amount_minor", s.Application.AmountMinor);
                    Put("counterparty", s.Application.Counterparty);
                    Put("reason", s.Application.Reason);
                    Put("path", CaseNames.Of(s.Application.Path));
                    break;
                case SubmitForReview:
                    Put("step", "submit-for-review");
                    break;
                case Review s:
                    Put("step", "review");
                    Put("approve", s.Approve);
                    Put("reason", s.Reason);
                    break;
                case CloseWithoutRefund s:
                    Put("step", "close-without-refund");
                    Put("note", s.Note);
                    break;
                case Escalate s:
                    Put("step", "escalate");
                    Put("reason", s.Reason);
                    break;
                case RecordResolution s:
                    Put("step", "resolution");
                    Put("path", CaseNames.Of(s.Outcome.Path));
                    Put("amount_minor", s.Outcome.AmountMinor);
                    Put("proof", s.Outcome.Proof);
                    Put("failure", s.Outcome.Failure);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(e), e.Step?.GetType().Name, "a step the case log cannot write");
            }
        }

        if (e.Refused is { } refused)
        {
            Put("refused", CaseNames.Of(refused.Reason));
            Put("detail", refused.Detail);
            if (refused.Expected is { } stage)
            {
                Put("stage", CaseNames.Of(stage));
            }
        }

        Put("actor", e.Actor);
        Put("at", Time(e.At));
        if (e.Facts is { } f)
        {
            Put("facts", new JsonObject
            {
                ["terminal"] = f.TerminalId,
                ["rrn"] = f.Rrn,
                ["merchant"] = f.MerchantId,
                ["time"] = Time(f.LocalTime),
                ["business_date"] = f.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["amount_minor"] = f.AmountMinor,
                ["card"] = f.PanMasked,
                ["money"] = CaseNames.Of(f.Money),
                ["refunded_minor"] = f.RefundedMinor,
                ["cancelled"] = f.Cancelled,
                ["finding"] = f.Finding,
                ["refund_window_days"] = f.RefundWindowDays,
            });
        }

        return o;
    }

    private static Entry Parse(JsonObject o)
    {
        var id = o["case"]?.GetValue<long>() ?? throw new FormatException("no \"case\"");
        var actor = Text(o, "actor");
        var at = ParseTime(Text(o, "at"));
        var step = Text(o, "step");
        if (step == "open")
        {
            var complaint = new Complaint(Text(o, "merchant"), o["terminal"]?.GetValue<string>(), ParseTime(Text(o, "time")), Long(o, "amount_minor"), Text(o, "words"));
            return new Entry(id, complaint, actor, at, null);
        }

        if (step == "search")
        {
            return new Entry(id, null, actor, at, null) { Searched = (int)Long(o, "found") };
        }

        CaseAction action = step switch
        {
            "confirm-records" => new ConfirmRecords(actor, at, Text(o, "terminal"), Text(o, "rrn")),
            "diagnose" => new Diagnose(actor, at, Enum<MoneyState>(o, "money")),
            "contact-customer" => new ContactCustomer(actor, at, Enum<ResolutionPath>(o, "path"), DateOnly.ParseExact(Text(o, "by_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture), Text(o, "note")),
            "apply-for-refund" => new ApplyForRefund(actor, at, new RefundApplication(ParseTime(Text(o, "time")), Long(o, "amount_minor"), Text(o, "counterparty"), Text(o, "reason"), Enum<ResolutionPath>(o, "path"))),
            "submit-for-review" => new SubmitForReview(actor, at),
            "review" => new Review(actor, at, o["approve"]?.GetValue<bool>() ?? throw new FormatException("no \"approve\""), Text(o, "reason")),
            "close-without-refund" => new CloseWithoutRefund(actor, at, Text(o, "note")),
            "escalate" => new Escalate(actor, at, Text(o, "reason")),
            "resolution" => new RecordResolution(actor, at, new ResolutionOutcome(Enum<ResolutionPath>(o, "path"), Long(o, "amount_minor"), Text(o, "proof"), o["failure"]?.GetValue<string>())),
            _ => throw new FormatException($"unknown step \"{step}\""),
        };
        return new Entry(id, null, actor, at, action, o["facts"] is JsonObject facts ? ParseFacts(facts) : null)
        {
            Refused = o["refused"] is null ? null : ParseRefusal(o),
        };
    }

    private static CaseRefusal ParseRefusal(JsonObject o) =>
        new(Enum<RefusalReason>(o, "refused"), Text(o, "detail"), o["stage"] is null ? null : Enum<CaseStage>(o, "stage"));

    private static TransactionFacts ParseFacts(JsonObject f) => new(
        Text(f, "terminal"), Text(f, "rrn"), Text(f, "merchant"), ParseTime(Text(f, "time")),
        DateOnly.ParseExact(Text(f, "business_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture), Long(f, "amount_minor"), Text(f, "card"),
        Enum<MoneyState>(f, "money"), Long(f, "refunded_minor"), f["cancelled"]?.GetValue<bool>() ?? throw new FormatException("no \"cancelled\" in \"facts\""),
        f["finding"]?.GetValue<string>(), f["refund_window_days"]?.GetValue<int>());

    private static string Text(JsonObject o, string key) => o[key]?.GetValue<string>() ?? throw new FormatException($"no \"{key}\"");

    private static long Long(JsonObject o, string key) => o[key]?.GetValue<long>() ?? throw new FormatException($"no \"{key}\"");

    private static T Enum<T>(JsonObject o, string key)
        where T : struct, Enum =>
        CaseNames.TryParse<T>(Text(o, key), out var value) ? value : throw new FormatException($"\"{key}\" is not one of {CaseNames.All<T>()}");

    private static string Time(DateTime t) => t.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture);
}
