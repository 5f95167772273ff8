using System.Globalization;
using System.Text.RegularExpressions;

namespace PosSim.Desk.Pages;

/// <summary>
/// What a person typed into a form, field by field, and what is wrong with it. A form with any error changes
/// nothing: the page comes back with the values as typed and each error beside its field.
/// </summary>
internal sealed class FormValues(IEnumerable<KeyValuePair<string, string>> values)
{
    private readonly Dictionary<string, string> _values = values.ToDictionary(v => v.Key, v => v.Value.Trim(), StringComparer.Ordinal);

    public static FormValues Empty => new([]);

    /// <summary>The step whose form was sent (apply, review...), so the page shows the values back in that form only.</summary>
    public string? Step { get; init; }

    /// <summary>These values for the form of <paramref name="step"/>; an empty form for the others on the page.</summary>
    public FormValues For(string step) => Step == step ? this : Empty;

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool HasErrors => Errors.Count > 0;

    public string this[string name] => _values.TryGetValue(name, out var v) ? v : "";

    /// <summary>The value, or the page's own when the form did not send one (the first showing of a prefilled form).</summary>
    public string Or(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>The value, or null when empty.</summary>
    public string? Optional(string name) => this[name] is { Length: > 0 } v ? v : null;

    public void Set(string name, string value) => _values[name] = value;

    public void Error(string field, string message) => Errors.TryAdd(field, message);
}

/// <summary>Reading amounts, times and dates as people type them, with the same rules as the command line.</summary>
internal static partial class DeskInput
{
    private static readonly string[] TimeFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>An amount with a decimal point (350.00, 350.5, 350) in minor units; null when it is not one.</summary>
    public static long? Amount(string text)
    {
        var match = AmountPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var whole = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var cents = match.Groups[2].Success ? int.Parse(match.Groups[2].Value.PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
        return whole > 1_000_000_000_000 ? null : (whole * 100) + cents;
    }

    /// <summary>Minor units as a form shows them: 5600 is 56.00, no thousands separator, so it reads back.</summary>
    public static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A local time as a datetime-local field sends it (2026-03-02T09:10) or as people write it (2026-03-02 09:10).</summary>
    public static DateTime? Time(string text) =>
        DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static string Time(DateTime t, bool seconds = false) =>
        t.ToString(seconds ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// A card as support may be told it: the last 4 digits, the masked number the records keep, or (read off a card)
    /// the whole number, which is masked at once and never kept or shown.
    /// </summary>
    public static (string? Masked, string? Last4)? Card(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        if (Last4Pattern().IsMatch(compact))
        {
            return (null, compact);
        }

        if (MaskedPattern().IsMatch(compact))
        {
            return (compact, null);
        }

        if (ClearPattern().IsMatch(compact))
        {
            return (compact[..6] + new string('*', compact.Length - 10) + compact[^4..], null);
        }

        return null;
    }

    [GeneratedRegex(@"^([0-9]{1,15})(?:\.([0-9]{1,2}))?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^[0-9]{4}$")]
    private static partial Regex Last4Pattern();

    [GeneratedRegex(@"^[0-9]{6}\*{3,9}[0-9]{4}$")]
    private static partial Regex MaskedPattern();

    [GeneratedRegex(@"^[0-9]{13,19}$")]
    private static partial Regex ClearPattern();
}

/// <summary>Form fields, each with its label and, when the last try was wrong, its error.</summary>
internal static class Fields
{
    public static void Input(Html h, FormValues form, string name, string label, string value, string type = "text", string extra = "", string? hint = null, string? id = null)
    {
        var error = form.Errors.GetValueOrDefault(name);
        id ??= name;
        h.Raw($"<div class=\"field{(error is null ? "" : " invalid")}\"><label for=\"f-{id}\">").Text(label);
        if (hint is not null)
        {
            h.Raw(" <span class=\"hint\">(").Text(hint).Raw(")</span>");
        }

        h.Raw($"</label><input id=\"f-{id}\" name=\"{name}\" type=\"{type}\" value=\"{Html.E(value)}\"{(extra.Length > 0 ? " " + extra : "")}{(error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"e-{id}\"")}>");
        Error(h, id, error);
        h.Raw("</div>");
    }

    public static void TextArea(Html h, FormValues form, string name, string label, string value, string extra = "", string? id = null)
    {
        var error = form.Errors.GetValueOrDefault(name);
        id ??= name;
        h.Raw($"<div class=\"field{(error is null ? "" : " invalid")}\"><label for=\"f-{id}\">").Text(label)
            .Raw($"</label><textarea id=\"f-{id}\" name=\"{name}\"{(extra.Length > 0 ? " " + extra : "")}>").Text(value).Raw("</textarea>");
        Error(h, id, error);
        h.Raw("</div>");
    }

    public static void Select(Html h, FormValues form, string name, string label, IEnumerable<(string Value, string Label)> options, string selected, string? placeholder = null, bool required = true)
    {
        var error = form.Errors.GetValueOrDefault(name);
        h.Raw($"<div class=\"field{(error is null ? "" : " invalid")}\"><label for=\"f-{name}\">").Text(label).Raw($"</label><select id=\"f-{name}\" name=\"{name}\"{(required ? " required" : "")}>");
        if (placeholder is not null)
        {
            h.Raw("<option value=\"\">").Text(placeholder).Raw("</option>");
        }

        foreach (var (value, text) in options)
        {
            h.Raw($"<option value=\"{Html.E(value)}\"{(value == selected ? " selected" : "")}>").Text(text).Raw("</option>");
        }

        h.Raw("</select>");
        Error(h, name, error);
        h.Raw("</div>");
    }

    /// <summary>The errors that belong to no field, and the line that says nothing was changed.</summary>
    public static void Notice(Html h, FormValues form, string nothingChanged)
    {
        if (!form.HasErrors)
        {
            return;
        }

        h.Raw("<div class=\"notice error\" role=\"alert\"><p>").Text(nothingChanged).Raw("</p><ul>");
        foreach (var message in form.Errors.Values)
        {
            h.Tag("li", message);
        }

        h.Raw("</ul></div>");
    }

    private static void Error(Html h, string name, string? error)
    {
        if (error is not null)
        {
            h.Raw($"<div class=\"field-error\" id=\"e-{name}\">").Text(error).Raw("</div>");
        }
    }
}
