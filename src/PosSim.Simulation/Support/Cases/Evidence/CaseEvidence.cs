using System.Globalization;
using System.Text;
using PosSim.Core.Cases;

namespace PosSim.Simulation.Support.Cases.Evidence;

/// <summary>
/// The evidence pack of a case (docs/cases.md, "The evidence pack"): gathered from the run folder, written as one
/// self-contained HTML file. An escalation writes it to <see cref="DefaultPath"/>; any case's can be written on demand.
/// </summary>
public static class CaseEvidence
{
    /// <summary>The folder of the run folder that escalations write their packs to.</summary>
    public const string FolderName = "evidence";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>DIR/evidence/case-N.html.</summary>
    public static string DefaultPath(string runDir, long caseId) =>
        Path.Combine(runDir, FolderName, string.Create(CultureInfo.InvariantCulture, $"case-{caseId}.html"));

    /// <summary>Everything the run folder holds about the case, read-only.</summary>
    public static EvidencePack Collect(string runDir, SupportCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return EvidenceReader.Collect(runDir, c);
    }

    /// <summary>The page, as text: the same pack and language give the same string.</summary>
    public static string Render(EvidencePack pack, ICaseText text)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        EvidencePage.Write(writer, pack, text);
        return writer.ToString();
    }

    /// <summary>
    /// Writes the pack of case <paramref name="c"/> to <paramref name="path"/> (its folder created when missing), whole or
    /// not at all: a half-written pack must never stand as evidence.
    /// </summary>
    public static void Write(string runDir, SupportCase c, ICaseText text, string path)
    {
        var html = Render(Collect(runDir, c), text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var partial = path + ".partial";
        try
        {
            File.WriteAllText(partial, html, Utf8);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
