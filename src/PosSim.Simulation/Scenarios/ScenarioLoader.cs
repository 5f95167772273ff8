using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// Reads scenario files (docs/scenarios.md) into a <see cref="Scenario"/>. Every problem, from a missing file to a
/// fault that names a terminal the scenario does not have, is a <see cref="ScenarioException"/> whose message
/// names the file, line, column and key; nothing else is thrown for bad input.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Reads the scenario at <paramref name="path"/>; messages and <see cref="Scenario.SourceFile"/> use the path as given.</summary>
    public static Scenario Load(string path) => Load(path, []);

    /// <summary>
    /// Reads the scenario at <paramref name="path"/> with <paramref name="overrides"/> applied first: each
    /// <c>dotted.key=value</c> replaces (or adds) that key, so the value is checked like any other in the file.
    /// </summary>
    public static Scenario Load(string path, IReadOnlyList<string> overrides)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read: {e.Message}";
            throw new ScenarioException(new SourceMark(path, 0, 0), why, e);
        }

        return Parse(yaml, path, overrides);
    }

    /// <summary>Reads a scenario from its text; <paramref name="fileName"/> is what messages call the file.</summary>
    public static Scenario Parse(string yaml, string fileName) => Parse(yaml, fileName, []);

    /// <summary>Reads a scenario from its text with <paramref name="overrides"/> (<c>dotted.key=value</c>) applied.</summary>
    public static Scenario Parse(string yaml, string fileName, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // YamlDotNet's own words; its mark is where the parser gave up, which is where people should look.
            throw new ScenarioException(At(fileName, e.Start), $"not valid YAML: {Unmarked(e)}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The parser itself failed (see TrackingParser); bad input must still read as a scenario error.
            throw parser.OpenFlow is { } open
                ? new ScenarioException(At(fileName, open), "not valid YAML: this [ or { is never closed", e)
                : new ScenarioException(At(fileName, parser.LastGood), "not valid YAML: the text cannot be read past here", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ScenarioException(new SourceMark(fileName, 1, 1), "the file is empty; a scenario needs at least name, start and merchants");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ScenarioException(new SourceMark(fileName, checked((int)second.Line), checked((int)second.Column)),
                "a scenario file holds one YAML document; this is a second one");
        }

        foreach (var setting in overrides)
        {
            ScenarioOverrides.Apply(stream.Documents[0].RootNode, setting, fileName);
        }

        var root = new YamlValue(stream.Documents[0].RootNode, fileName, "");
        return new ScenarioReader(fileName).Read(root);
    }

    private static SourceMark At(string fileName, Mark mark) =>
        new(fileName, checked((int)Math.Max(1, mark.Line)), checked((int)Math.Max(1, mark.Column)));

    /// <summary>YamlException's message starts with its mark; ours already says where.</summary>
    private static string Unmarked(YamlException e)
    {
        var message = e.InnerException is YamlException inner && string.IsNullOrEmpty(e.Message) ? inner.Message : e.Message;
        var close = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return close < 0 ? message : message[(close + 3)..];
    }
}
