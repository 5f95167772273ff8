using System.Text.RegularExpressions;
using PosSim.Simulation.Support.Cases.Evidence;
using PosSim.Simulation.Tests.Trace;
using PosSim.Tests.Shared;

namespace PosSim.Simulation.Tests.Cases.Evidence;

/// <summary>
/// scenarios/01-lost-response.yaml run once, and the merchant's call about the sale at 14:02 (T0000002, 350.00, whose
/// answer and reversals were lost) worked through `possim case` until a reviewer rejects it and it is escalated.
/// The merchant read the card number out, and the agent typed it into the complaint: the pack must mask it. Case 2 is
/// a second call, only registered. The packs are written once here and read by every test.
/// </summary>
public sealed class EscalatedCaseFixture : ShippedRunFixture
{
    /// <summary>The card of the sale in clear, as the run issued it (BIN 476173, card 1, Luhn digit 1).</summary>
    public const string ClearPan = "4761730000000011";

    public const string EscalationReason = "merchant disputes the statement <b>credit</b> & wants it in writing";

    public EscalatedCaseFixture()
        : base("01-lost-response.yaml", "possim-evidence-")
    {
        Case("open", "--merchant", "M001", "--around", "2026-03-02 14:00", "--amount", "350.00",
            "--words", $"I took 350.00 at 14:02 on card {ClearPan} and the terminal said it failed");
        var search = Case("search", "--case", "1");
        Rrn = Regex.Match(search.Stdout, @"RRN (\d{12})").Groups[1].Value;
        Case("confirm", "--case", "1", "--rrn", Rrn);
        Case("diagnose", "--case", "1", "--money", "paid");
        Case("contact", "--case", "1", "--path", "refund-from-merchant", "--by-date", "2026-03-12", "--note", "the customer paid twice");
        Case("apply", "--case", "1");
        Case("submit", "--case", "1");
        Case("review", "--case", "1", "--reject", "--reason", "ask the merchant for the second receipt", "--by", "li");
        EscalationOutput = Case("escalate", "--case", "1", "--reason", EscalationReason, "--by", "wang").Stdout;
        Case("open", "--merchant", "M001", "--around", "2026-03-02 10:00", "--amount", "350.00");

        Html = File.ReadAllText(CaseEvidence.DefaultPath(Dir, 1));
        Case("evidence", "--case", "1", "--lang", "zh-CN", "--out", ChinesePath);
        ChineseHtml = File.ReadAllText(ChinesePath);
        Case("evidence", "--case", "2", "--out", RegisteredPath);
        RegisteredHtml = File.ReadAllText(RegisteredPath);
    }

    /// <summary>RRN of the sale at 14:02.</summary>
    public string Rrn { get; }

    /// <summary>What `possim case escalate` printed.</summary>
    public string EscalationOutput { get; }

    /// <summary>Case 1's pack, as the escalation wrote it.</summary>
    public string Html { get; }

    public string ChinesePath => Path.Combine(Dir, "evidence", "case-1.zh-CN.html");

    public string ChineseHtml { get; }

    public string RegisteredPath => Path.Combine(Dir, "evidence", "case-2.html");

    /// <summary>Case 2's pack: a complaint registered and nothing more.</summary>
    public string RegisteredHtml { get; }

    private CliResult Case(string step, params string[] more)
    {
        var result = CliRunner.Run(["case", step, "--run", Dir, .. more]);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"possim case {step} failed: {result.Stderr}");
    }
}
