using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;

namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>
/// training.json in a run folder: the answer key of the training case opened there, and where it came from (the
/// scenario, the seed, which of the run's breaks). The trainee is told not to open it; `possim case grade` reads it.
/// Its "ways_back" are written for people to read: grading takes them from the money state, by the engine's rule.
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

    public void Write(string runDir)
    {
        var a = Answer;
        var o = new JsonObject
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
        File.WriteAllText(PathIn(runDir), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <exception cref="CaseInputException">No training.json, or one that cannot be read.</exception>
    public static TrainingKey Read(string runDir)
    {
        var path = PathIn(runDir);
        if (!File.Exists(path))
        {
            throw new CaseInputException($"{runDir}: no {FileName}; grading works on the case `possim case train` opened, in the folder it wrote");
        }

        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new FormatException("not a JSON object");
            var complaint = o["complaint"]?.AsObject() ?? throw new FormatException("no \"complaint\"");
            var answer = new AnswerKey(
                Long(o, "case"), Text(o, "merchant_id"), Text(o, "terminal_id"), Text(o, "rrn"), ParseTime(Text(o, "transaction_time")),
                Long(o, "amount_minor"), Text(o, "card"), Enum<MoneyState>(Text(o, "money")), Long(o, "refundable_minor"));
            return new TrainingKey(
                Text(o, "scenario"), Text(o, "scenario_name"), (int)Long(o, "seed"), (int)Long(o, "pick"), (int)Long(o, "breaks"), answer,
                o["fault"]?.GetValue<string>(), o["finding"]?.GetValue<string>(),
                new Complaint(answer.MerchantId, null, ParseTime(Text(complaint, "around")), Long(complaint, "amount_minor"), Text(complaint, "words")));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or OverflowException)
        {
            throw new CaseInputException($"{path}: {e.Message}; the answer key is damaged (train again with the same scenario, seed and pick to write it again)");
        }
    }

    private static string Text(JsonObject o, string key) => o[key]?.GetValue<string>() ?? throw new FormatException($"no \"{key}\"");

    private static long Long(JsonObject o, string key) => o[key]?.GetValue<long>() ?? throw new FormatException($"no \"{key}\"");

    private static T Enum<T>(string? name)
        where T : struct, Enum =>
        CaseNames.TryParse<T>(name, out var value) ? value : throw new FormatException($"'{name}' is not one of {CaseNames.All<T>()}");

    private static string Time(DateTime t) => t.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture);
}
