using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PosSim.Simulation.Scenarios;

/// <summary>
/// One value of a scenario file with the path people read it by (<c>faults[2].rate</c>): typed reads that throw a
/// <see cref="ScenarioException"/> pointing at the value when it is of the wrong type or out of range.
/// </summary>
/// <remarks>
/// Implementation note: numbers and booleans must be plain scalars. A quoted <c>"5"</c> is a string in YAML, and
/// accepting it would hide a typo such as <c>rate: "0,5"</c> behind a different message.
/// </remarks>
internal readonly record struct YamlValue(YamlNode Node, string File, string Path)
{
    /// <summary>Where the value is written: its line and column, or the <c>--set</c> that gave it (no line).</summary>
    public SourceMark Where => ScenarioOverrides.Origin(Node) ?? Mark(Node.Start);

    public SourceMark Mark(Mark mark) => new(File, checked((int)mark.Line), checked((int)mark.Column));

    /// <summary>An error at this value; the top of the file has no path, so its errors are the words alone.</summary>
    public ScenarioException Error(string what) => new(Where, Path.Length == 0 ? what : $"{Path}: {what}");

    public bool IsNull => Node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public YamlMap Map() => Node is YamlMappingNode map ? new YamlMap(map, File, Path) : throw Error($"expected keys (key: value), found {Describe()}");

    public IReadOnlyList<YamlValue> List()
    {
        if (Node is not YamlSequenceNode list)
        {
            throw Error($"expected a list, found {Describe()}");
        }

        var items = new YamlValue[list.Children.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new YamlValue(list.Children[i], File, $"{Path}[{i}]");
        }

        return items;
    }

    /// <summary>Any scalar, quoted or not, as written.</summary>
    public string Text()
    {
        if (Node is not YamlScalarNode scalar || IsNull)
        {
            throw Error($"expected a text value, found {Describe()}");
        }

        return scalar.Value ?? "";
    }

    /// <summary>Text that is not empty or blank.</summary>
    public string Name()
    {
        var text = Text();
        return string.IsNullOrWhiteSpace(text) ? throw Error("must not be empty") : text;
    }

    public long Long(long min = long.MinValue, long max = long.MaxValue)
    {
        var text = Plain("a whole number");
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw Error(text.All(c => char.IsAsciiDigit(c) || c is '-' or '+') && text.Any(char.IsAsciiDigit)
                ? $"{text} is too large"
                : $"expected a whole number, found {Describe()}");
        }

        return n >= min && n <= max ? n : throw Error(OutOfRange(text, n, min, max));
    }

    public int Int(int min = int.MinValue, int max = int.MaxValue) => checked((int)Long(min, max));

    public double Number(double min, double max = double.PositiveInfinity)
    {
        var text = Plain("a number");
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            throw Error($"expected a number, found {Describe()}");
        }

        if (x < min || x > max)
        {
            throw Error(double.IsPositiveInfinity(max) ? $"{text} is less than {Show(min)}" : $"{text} is not between {Show(min)} and {Show(max)}");
        }

        return x;
    }

    /// <summary>A share of a whole, 0 to 1 (0.25 is a quarter).</summary>
    public double Share()
    {
        var text = Plain("a share between 0 and 1");
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var x))
        {
            throw Error($"expected a share between 0 and 1, found {Describe()}");
        }

        return x is >= 0 and <= 1 ? x : throw Error($"{text} is not a share between 0 and 1");
    }

    public bool Bool() => Plain("true or false") switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => throw Error($"expected true or false, found {Describe()}"),
    };

    public TimeSpan Duration(TimeSpan min) =>
        !ScenarioFormats.TryDuration(Text(), out var d) ? throw Error($"expected {ScenarioFormats.DurationForm}, found {Describe()}")
        : d < min ? throw Error(min == TimeSpan.Zero ? "must not be negative" : $"{Text()} is too short; it must be at least {Show(min)}")
        : d;

    public TimeOnly Time() =>
        ScenarioFormats.TryTime(Text(), out var t) ? t : throw Error($"expected {ScenarioFormats.TimeForm}, found {Describe()}");

    public DateOnly Date() =>
        ScenarioFormats.TryDate(Text(), out var d) ? d : throw Error($"expected {ScenarioFormats.DateForm}, found {Describe()}");

    /// <summary>A digit string of exactly (or between) the given lengths, such as a currency code or a BIN.</summary>
    public string Digits(int minLength, int maxLength, string what)
    {
        var text = Text();
        return text.Length >= minLength && text.Length <= maxLength && text.All(char.IsAsciiDigit) ? text : throw Error($"{Quote(text)} is not {what}");
    }

    /// <summary>The value as people see it in a message: <c>"abc"</c>, <c>12</c>, <c>a list</c>, <c>nothing</c>.</summary>
    public string Describe() => Node switch
    {
        YamlMappingNode => "keys (key: value)",
        YamlSequenceNode => "a list",
        YamlScalarNode when IsNull => "nothing",
        YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s => Shorten(s.Value ?? ""),
        YamlScalarNode s => $"the text {Quote(s.Value ?? "")}",
        _ => "an unknown node",
    };

    public static string Quote(string text) => "\"" + Shorten(text) + "\"";

    private string Plain(string expected)
    {
        if (Node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && !IsNull)
        {
            return scalar.Value ?? "";
        }

        throw Error($"expected {expected}, found {Describe()}");
    }

    private static string OutOfRange(string text, long n, long min, long max)
    {
        var noMax = max is long.MaxValue or int.MaxValue;
        var noMin = min is long.MinValue or int.MinValue;
        return n > max && noMax ? $"{text} is too large"
            : noMax ? $"{text} is less than {min}"
            : noMin ? $"{text} is more than {max}"
            : $"{text} is not between {min} and {max}";
    }

    private static string Show(double x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Show(TimeSpan t) => ScenarioFormats.Duration(t);

    // Fuzzed or pasted values can be long; a message quotes enough to recognise them.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
