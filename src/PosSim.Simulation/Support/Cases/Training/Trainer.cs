using System.Globalization;
using PosSim.Core.Cases;
using PosSim.Core.Cases.Grading;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Runs;

namespace PosSim.Simulation.Support.Cases.Training;

/// <summary>What `possim case train` was asked for.</summary>
/// <param name="Pick">Which break of the run (1-based); null to let the seed choose.</param>
/// <param name="Words">The merchant's words, when the trainer writes them; <c>{amount}</c> and <c>{when}</c> are filled in.</param>
public sealed record TrainingRequest(string Scenario, string ScenarioName, int Seed, int? Pick, string? Words);

/// <summary>The training case opened, and its answer key.</summary>
public sealed record TrainingCase(SupportCase Case, TrainingKey Key);

/// <summary>
/// Training mode over a run folder: picks a break a merchant would call about, opens a case with the complaint in the
/// merchant's words (never the RRN or the cause), keeps the answer key in training.json, and grades the case worked
/// against it. The case is an ordinary one: it is worked with the same steps, through the same case book and log.
/// </summary>
public static class Trainer
{
    /// <summary>Who opens training cases, in the audit trail.</summary>
    public const string Actor = "trainee";

    // Streams of Seeds.Derive for the training's own draws, apart from the run's.
    private const int PickStream = 0x7a12;
    private const int WordsStream = 0x7a13;

    /// <summary>
    /// Where `possim case train` writes when not told: runs/train-NAME-SEED, or the first of -2, -3... that holds no
    /// case, so training again never loses a trainee's work.
    /// </summary>
    public static string DefaultFolder(string scenarioName, int seed)
    {
        var first = Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"train-{scenarioName}-{seed}"));
        var folder = first;
        for (var n = 2; HeldWork(folder) is not null; n++)
        {
            folder = string.Create(CultureInfo.InvariantCulture, $"{first}-{n}");
        }

        return folder;
    }

    /// <summary>The file of work a folder already holds (a case log or an answer key), which a new run there would orphan; null if none.</summary>
    public static string? HeldWork(string folder) =>
        new[] { CaseLog.FileName, TrainingKey.FileName }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);

    /// <summary>Opens the training case in a run folder just written.</summary>
    /// <exception cref="CaseInputException">The run has no callable break, or not that many.</exception>
    public static TrainingCase Start(string runDir, TrainingRequest request, ICaseText text)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(text);
        var breaks = Breaks(runDir, request.Seed);
        if (breaks.Count == 0)
        {
            throw NoBreaks(runDir);
        }

        var pick = request.Pick ?? (CallableBreaks.Index(Seeds.Derive(request.Seed, PickStream), breaks.Count) + 1);
        if (pick < 1 || pick > breaks.Count)
        {
            throw new CaseInputException(string.Create(CultureInfo.InvariantCulture,
                $"--pick {pick}: this run has {breaks.Count} break(s) a merchant would call about; pick one from 1 to {breaks.Count}"));
        }

        return Open(runDir, request, pick, breaks, text);
    }

    /// <summary>
    /// The desk's "next complaint": one more training case on the run it serves, about a break no training case and
    /// no other case has named yet, drawn by the run's seed (the n-th draw from its own stream, so the same run gives
    /// the same sequence of calls). The run's scenario and seed come from its recipe, or from run.sqlite.
    /// </summary>
    /// <exception cref="CaseInputException">The run has no callable break left.</exception>
    public static TrainingCase Next(string runDir, ICaseText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = TrainingKey.ReadAllOrNone(runDir);
        var request = Request(runDir);
        var breaks = Breaks(runDir, request.Seed);
        if (breaks.Count == 0)
        {
            throw NoBreaks(runDir);
        }

        HashSet<(string, string)> named;
        using (var book = CaseBook.Open(runDir))
        {
            named = [.. keys.Select(k => (k.Answer.TerminalId, k.Answer.Rrn)),
                .. book.Cases.Where(c => c.Transaction is not null).Select(c => (c.Transaction!.TerminalId, c.Transaction.Rrn))];
        }

        var left = Enumerable.Range(1, breaks.Count).Where(p => !named.Contains((breaks[p - 1].Transaction.TerminalId, breaks[p - 1].Transaction.Rrn))).ToList();
        if (left.Count == 0)
        {
            throw new CaseInputException(string.Create(CultureInfo.InvariantCulture,
                $"{runDir}: all {breaks.Count} break(s) of this run a merchant would call about have been drawn or worked; train on another run, e.g. possim desk --scenario scenarios/05-clearing-records.yaml --seed {request.Seed + 1}"));
        }

        var pick = left[CallableBreaks.Index(Seeds.Derive(request.Seed, PickStream + keys.Count), left.Count)];
        return Open(runDir, request, pick, breaks, text);
    }

    /// <summary>Grades a training case of a run folder as it stands.</summary>
    /// <exception cref="CaseInputException">No answer key, or <paramref name="caseId"/> is not a training case.</exception>
    public static (Grade Grade, TrainingKey Key) Grade(string runDir, long caseId)
    {
        var key = TrainingKey.Read(runDir, caseId);
        using var book = CaseBook.Open(runDir);
        return (Grade(book, runDir, key), key);
    }

    /// <summary>Grades the case of <paramref name="key"/> in a case book already open on <paramref name="runDir"/>.</summary>
    public static Grade Grade(CaseBook book, string runDir, TrainingKey key)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(key);
        return CaseGrader.Grade(book.Get(key.Answer.CaseId), WorkOf(runDir, key.Answer.CaseId), key.Answer);
    }

    private static IReadOnlyList<CallableBreak> Breaks(string runDir, int seed)
    {
        using var reader = TransactionStoryReader.Open(runDir);
        return CallableBreaks.Find(reader, seed);
    }

    private static CaseInputException NoBreaks(string runDir) => new(
        $"{runDir}: this run has no purchase a merchant would call about (taken from the card and never paid to the merchant); " +
        "train on a scenario that drops clearing records, holds settlement or bounces payouts, e.g. scenarios/05-clearing-records.yaml");

    /// <summary>What the run was played from, for a key drawn on a run training did not write.</summary>
    private static TrainingRequest Request(string runDir)
    {
        RunRecipe? recipe;
        try
        {
            recipe = RunRecipe.Load(runDir);
        }
        catch (InvalidDataException e)
        {
            throw new CaseInputException(e.Message);
        }

        using var reader = TransactionStoryReader.Open(runDir);
        var name = reader.RunValue("scenario") ?? Path.GetFileName(runDir);
        var seed = recipe?.Seed ?? (int.TryParse(reader.RunValue("seed"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : 0);
        return new TrainingRequest(recipe?.ScenarioFile ?? name, name, seed, null, null);
    }

    private static TrainingCase Open(string runDir, TrainingRequest request, int pick, IReadOnlyList<CallableBreak> breaks, ICaseText text)
    {
        var chosen = breaks[pick - 1];
        var t = chosen.Transaction;
        var call = MerchantCall.About(t.LocalTime, t.AmountMinor, Seeds.Derive(request.Seed, WordsStream + pick));
        var complaint = new Complaint(t.MerchantId, null, call.Around, t.AmountMinor, Words(call, request.Words, text));
        using var book = CaseBook.Open(runDir);
        var opened = book.OpenCase(Actor, complaint);
        var key = new TrainingKey(request.Scenario, request.ScenarioName, request.Seed, pick, breaks.Count, AnswerKey.For(opened.Id, t), chosen.Fault, chosen.Finding, complaint);
        key.Append(runDir);
        return new TrainingCase(opened, key);
    }

    /// <summary>What was done on a case, in order, from its log: searches, and every step tried, accepted or refused.</summary>
    public static IReadOnlyList<CaseWork> WorkOf(string runDir, long caseId) =>
        [.. CaseLog.Read(runDir).Where(e => e.CaseId == caseId && e.Opened is null).Select(e => e.Searched is { } found
            ? (CaseWork)new SearchedRecords(e.At, e.Actor, found)
            : new TriedStep(e.Step!, e.Refused))];

    /// <summary>The merchant's words: the trainer's, with the amount and time filled in, or one of the language's ways of saying it.</summary>
    public static string Words(MerchantCall call, string? template, ICaseText text)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(text);
        var amount = TraceMoney.Amount(call.AmountMinor);
        var when = text.SpokenWhen(call.Around);
        return template is null
            ? text.MerchantWords(call.Variant, amount, when)
            : template.Replace("{amount}", amount, StringComparison.Ordinal).Replace("{when}", when, StringComparison.Ordinal);
    }
}
