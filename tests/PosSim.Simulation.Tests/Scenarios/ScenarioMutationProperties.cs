using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Simulation.Scenarios;

namespace PosSim.Simulation.Tests.Scenarios;

internal enum EditKind
{
    SetByte,
    InsertByte,
    DeleteBytes,
    DeleteLine,
    DuplicateLine,
    SwapLines,
    ReplaceValue,
    Truncate,
}

/// <summary>One edit of a scenario file; positions are taken modulo the text's size so any edit applies to any text.</summary>
internal readonly record struct Edit(EditKind Kind, int Position, int Other, byte Value)
{
    /// <summary>Bytes that mean something to YAML or to the loader: indentation, structure, quotes, signs, digits.</summary>
    private static readonly byte[] Interesting = "-:[]{}#&*!|>'\"%@`?,. \t\n0123456789e~"u8.ToArray();

    /// <summary>Values that are wrong in the usual ways: other types, empties, extremes, odd YAML.</summary>
    private static readonly string[] Values =
        ["", "~", "-1", "0", "1.5", "1e308", "99999999999999999999", "\"x\"", "[]", "{}", "[1, [2]]", "*a", "&a 1", "!!binary AA==", "2025-02-30", "25:00", "5d", "T0000009", "..", "\"\\u0000\""];

    public static Gen<Edit> Gen { get; } =
        from kind in FsCheck.Fluent.Gen.Elements(Enum.GetValues<EditKind>())
        from position in FsCheck.Fluent.Gen.Choose(0, 100_000)
        from other in FsCheck.Fluent.Gen.Choose(0, 100_000)
        from value in FsCheck.Fluent.Gen.Frequency(
            (1, FsCheck.Fluent.Gen.Choose(0, 255).Select(b => (byte)b)),
            (2, FsCheck.Fluent.Gen.Elements(Interesting)))
        select new Edit(kind, position, other, value);

    public byte[] Apply(byte[] text)
    {
        if (text.Length == 0)
        {
            return Kind == EditKind.InsertByte ? [Value] : text;
        }

        var at = Position % text.Length;
        var lines = Encoding.UTF8.GetString(text).Split('\n').ToList();
        var line = Position % lines.Count;
        switch (Kind)
        {
            case EditKind.SetByte:
                {
                    var copy = text.ToArray();
                    copy[at] = Value;
                    return copy;
                }

            case EditKind.InsertByte:
                return [.. text.AsSpan(0, at), Value, .. text.AsSpan(at)];
            case EditKind.DeleteBytes:
                return [.. text.AsSpan(0, at), .. text.AsSpan(Math.Min(text.Length, at + 1 + Other % 8))];
            case EditKind.DeleteLine:
                lines.RemoveAt(line);
                break;
            case EditKind.DuplicateLine:
                lines.Insert(line, lines[line]);
                break;
            case EditKind.SwapLines:
                var with = Other % lines.Count;
                (lines[line], lines[with]) = (lines[with], lines[line]);
                break;
            case EditKind.ReplaceValue:
                var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                lines[line] = (colon < 0 ? lines[line] : lines[line][..(colon + 1)]) + " " + Values[Other % Values.Length];
                break;
            default:
                return text[..at];
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    public override string ToString() => $"{Kind}@{Position}/{Other}:{Value:X2}";
}

/// <summary>Whatever a scenario file holds, the loader answers with a scenario or a <see cref="ScenarioException"/>.</summary>
public class ScenarioMutationProperties
{
    [Fact]
    public void Mutated_scenarios_load_or_fail_with_a_scenario_error_and_nothing_else()
    {
        var valid = Encoding.UTF8.GetBytes(ScenarioTexts.Full);
        var cases = from count in Gen.Choose(1, 5)
                    from edits in Gen.ArrayOf(Edit.Gen, count)
                    select edits;

        Prop.ForAll(cases.ToArbitrary(), edits =>
            {
                var text = Encoding.UTF8.GetString(edits.Aggregate(valid, (bytes, edit) => edit.Apply(bytes)));
                try
                {
                    ScenarioLoader.Parse(text, "m.yaml");
                }
                catch (ScenarioException e)
                {
                    Assert.StartsWith("m.yaml:", e.Message, StringComparison.Ordinal);
                    Assert.True(e.Where.Line >= 1 && e.Where.Column >= 1, e.Message);
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true));
    }
}
