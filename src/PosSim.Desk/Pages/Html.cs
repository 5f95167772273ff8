using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace PosSim.Desk.Pages;

/// <summary>
/// A page being written: markup as given, and every value from the records or a form encoded. Chinese stays as
/// text (the page is UTF-8), so what a person reads is what the bytes say.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text = new();

    /// <summary>A value encoded for text or a quoted attribute.</summary>
    public static string E(string? value) => value is null ? "" : Encoder.Encode(value);

    public Html Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        _text.Append(E(value));
        return this;
    }

    /// <summary>An element holding encoded text: <c>Tag("h2", heading)</c>.</summary>
    public Html Tag(string tag, string? text, string attributes = "")
    {
        _text.Append('<').Append(tag).Append(attributes.Length > 0 ? " " + attributes : "").Append('>').Append(E(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    public override string ToString() => _text.ToString();
}
