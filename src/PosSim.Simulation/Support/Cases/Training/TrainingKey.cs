using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;

namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>
/// One answer key of training.json in a run folder: the training case it grades, and where it came from (the
/// scenario, the seed, which of the run's breaks). The file holds a list, one key per training case opened there
/// (`possim case train` opens one; the desk's "next complaint" one more each time). The trainee is told not to open
/// it; grading reads it. Its "ways_back" are written for people to read: grading takes them from the money state,
/// by the engine's rule.
/// </summary>
/// <param name="Scenario">The scenario file as given.</param>
/// <param name="Pick">Which break of the run (1-based, in the order they happened) the case is about.</param>
/// <param name="Breaks">How many callable breaks the run has.</param>
/// <param name="Fault">The injected fault that hit the transaction or its payout, if any.</param>
/// <param name="Finding">The matcher's finding about it, if any.</param>
public sealed record TrainingKey(
    string Scenario,
    string ScenarioName,
    int Seed,
    int Pick,
    int Breaks,
    AnswerKey Answer,
    string? Fault,
    string? Finding,
    Complaint Complaint)
{
    public const string FileName = "training.json";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss";

    public static string PathIn(string runDir) => System.IO.Path.Combine(runDir, FileName);

    /// <summary>Adds this key to the folder's training.json, after the keys already there.</summary>
    public void Append(string runDir)
    {
        var keys = File.Exists(PathIn(runDir)) ? ReadAll(runDir) : [];
        var list = new JsonArray([.. keys.Append(this).Select(k => (JsonNode)k.ToJson())]);
        var path = PathIn(runDir);

        // Written aside and moved over, so a crash never leaves a half-written key list behind.
        File.WriteAllText(path + ".tmp", list.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private JsonObject ToJson()
    {
        var a = Answer;
        return new JsonObject
        {
            ["scenario"] = Scenario,
            ["scenario_name"] = ScenarioName,
            ["seed"] = Seed,
            ["pick"] = Pick,
            ["breaks"] = Breaks,
            ["case"] = a.CaseId,
            ["merchant_id"] = a.MerchantId,
            ["terminal_id"] = a.TerminalId,
            ["rrn"] = a.Rrn,
            ["transaction_time"] = Time(a.TransactionTime),
            ["amount_minor"] = a.AmountMinor,
            ["card"] = a.Card,
            ["money"] = CaseNames.Of(a.Money),
            ["ways_back"] = new JsonArray([.. a.WaysBack.Select(p => (JsonNode)CaseNames.Of(p))]),
            ["refundable_minor"] = a.RefundableMinor,
            ["fault"] = Fault,
            ["finding"] = Finding,
            ["complaint"] = new JsonObject
            {
                ["around"] = Time(Complaint.ApproximateTime),
                ["amount_minor"] = Complaint.AmountMinor,
                ["words"] = Complaint.Words,
            },
        };
    }

    /// <summary>The key of one training case of the folder.</summary>
    /// <exception cref="CaseInputException">No training.json, one that cannot be read, or <paramref name="caseId"/> is not a training case.</exception>
    public static TrainingKey Read(string runDir, long caseId)
    {
        var keys = ReadAll(runDir);
        return keys.FirstOrDefault(k => k.Answer.CaseId == caseId) ?? throw new CaseInputException(keys.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"case {caseId} is not the training case of {runDir}; its training case is {keys[0].Answer.CaseId}")
            : $"case {caseId} is not a training case of {runDir}; its training cases are {string.Join(", ", keys.Select(k => k.Answer.CaseId))}");
    }

    /// <summary>Every key of the folder, in the order the cases were opened; empty when it has no training.json.</summary>
    /// <exception cref="CaseInputException">training.json cannot be read.</exception>
    public static IReadOnlyList<TrainingKey> ReadAllOrNone(string runDir) => File.Exists(PathIn(runDir)) ? ReadAll(runDir) : [];

    /// <exception cref="CaseInputException">No training.json, or one that cannot be read.</exception>
    public static IReadOnlyList<TrainingKey> ReadAll(string runDir)
    {
        var path = PathIn(runDir);
        if (!File.Exists(path))
        {
            throw new CaseInputException($"{runDir}: no {FileName}; grading works on the cases training opened (`possim case train`, or the desk's training page), in the folder it wrote");
        }

        try
        {
            // A list of keys; a folder trained before the desk could draw more holds one key alone.
            var node = JsonNode.Parse(File.ReadAllText(path)) ?? throw new FormatException("empty");
            var objects = node is JsonArray array ? array.Select(n => n?.AsObject() ?? throw new FormatException("a key is null")) : [node.AsObject()];
            return [.. objects.Select(FromJson)];
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or OverflowException)
        {
            throw new CaseInputException($"{path}: {e.Message}; the answer key is damaged (train again with the same scenario, seed and pick to write it again)");
        }
    }

    private static TrainingKey FromJson(JsonObject o)
    {
        var complaint = o["complaint"]?.AsObject() ?? throw new FormatException("no \"complaint\"");
        var answer = new AnswerKey(
            Long(o, "case"), Text(o, "merchant_id"), Text(o, "terminal_id"), Text(o, "rrn"), ParseTime(Text(o, "transaction_time")),
            Long(o, "amount_minor"), Text(o, "card"), Enum<MoneyState>(Text(o, "money")), Long(o, "refundable_minor"));
        return new TrainingKey(
            Text(o, "scenario"), Text(o, "scenario_name"), (int)Long(o, "seed"), (int)Long(o, "pick"), (int)Long(o, "breaks"), answer,
            o["fault"]?.GetValue<string>(), o["finding"]?.GetValue<string>(),
            new Complaint(answer.MerchantId, null, ParseTime(Text(complaint, "around")), Long(complaint, "amount_minor"), Text(complaint, "words")));
    }

    private static string Text(JsonObject o, string key) => o[key]?.GetValue<string>() ?? throw new FormatException($"no \"{key}\"");

    private static long Long(JsonObject o, string key) => o[key]?.GetValue<long>() ?? throw new FormatException($"no \"{key}\"");

    private static T Enum<T>(string? name)
        where T : struct, Enum =>
        CaseNames.TryParse<T>(name, out var value) ? value : throw new FormatException($"'{name}' is not one of {CaseNames.All<T>()}");

    private static string Time(DateTime t) => t.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture);
}
