using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PosSim.Simulation.Support;

namespace PosSim.Cli.Commands.Trace;

/// <summary>
/// The story as one JSON object, for scripts and tickets. Keys are English snake_case whatever --lang says; only
/// the sentences are in the chosen language.
/// </summary>
internal static class TraceJson
{
    // Chinese sentences stay readable in the output instead of \uXXXX escapes; the output is not embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteStory(TextWriter stdout, TraceStory story, ITraceText text)
    {
        var steps = new JsonArray();
        foreach (var step in story.Steps)
        {
            steps.Add(new JsonObject
            {
                ["from"] = Name(step.From.ToString()),
                ["to"] = Name(step.To.ToString()),
                ["time"] = step.Time,
                ["text"] = step.Text,
                ["trouble"] = step.Trouble,
            });
        }

        var json = new JsonObject
        {
            ["language"] = text.Code,
            ["transaction"] = Transaction(story.Transaction),
            ["title"] = story.Title,
            ["steps"] = steps,
            ["money"] = new JsonObject { ["state"] = Name(story.Money.ToString()), ["text"] = story.MoneyNow },
            ["tell_merchant"] = story.TellMerchant,
            ["next_steps"] = Strings(story.NextSteps),
            ["findings"] = Strings(story.Findings),
        };
        stdout.WriteLine(json.ToJsonString(Options));
    }

    public static void WriteCandidates(TextWriter stdout, IReadOnlyList<TranlogRow> candidates, ITraceText text)
    {
        var list = new JsonArray();
        foreach (var t in candidates)
        {
            list.Add(Transaction(t));
        }

        var json = new JsonObject { ["language"] = text.Code, ["candidates"] = list, ["hint"] = text.CandidatesHint };
        stdout.WriteLine(json.ToJsonString(Options));
    }

    private static JsonObject Transaction(TranlogRow t) => new()
    {
        ["txn_id"] = t.TxnId,
        ["kind"] = t.Kind,
        ["rrn"] = t.Rrn,
        ["terminal_id"] = t.TerminalId,
        ["stan"] = t.Stan.ToString("D6", CultureInfo.InvariantCulture),
        ["merchant_id"] = t.MerchantId,
        ["pan_masked"] = t.PanMasked,
        ["amount"] = (t.AmountMinor / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        ["amount_minor"] = t.AmountMinor,
        ["currency"] = t.Currency,
        ["local_time"] = t.LocalTime,
        ["business_date"] = t.BusinessDate,
        ["response_code"] = t.ResponseCode,
        ["auth_code"] = t.AuthCode,
        ["status"] = t.Status,
        ["cancelled_by"] = t.CancelledBy,
    };

    private static JsonArray Strings(IEnumerable<string> lines)
    {
        var array = new JsonArray();
        foreach (var line in lines)
        {
            array.Add(line);
        }

        return array;
    }

    /// <summary>An enum name as the run database spells kinds: lower case, words joined by '-' (HeldAtIssuer → held-at-issuer).</summary>
    private static string Name(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
