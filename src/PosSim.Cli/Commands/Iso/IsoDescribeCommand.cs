using System.CommandLine;
using System.Globalization;
using PosSim.Iso8583;
using PosSim.Iso8583.Cards;
using PosSim.Iso8583.Json;
using Spectre.Console;

namespace PosSim.Cli.Commands.Iso;

/// <summary>`possim iso describe`: a table per message for people (field, name, format, value, meaning).</summary>
internal static class IsoDescribeCommand
{
    public static Command Create()
    {
        return MessageReadingCommand.Create(
            "describe",
            "Show ISO 8583 messages as tables a person can read: each field's number, name, format, value and meaning " +
            "(transaction type, amount, response code, network code). Card numbers are masked unless --unmasked.\n\n" +
            "Example:\n" +
            "  possim iso describe --dialect iso87-ascii --framing none --in scenarios/samples/purchase-0200.iso87-ascii.bin",
            (settings, unmasked, output) =>
            {
                var console = Terminal.For(output);
                return m => console.Write(Render(m, settings, unmasked));
            });
    }

    private static Table Render(InputMessage input, IsoSettings settings, bool unmasked)
    {
        var message = input.Message;
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold]Message {input.Index}[/]: {message.Mti} {Markup.Escape(MessageTypes.Describe(message.Mti))}")
            .Caption(Markup.Escape(Caption(input, settings)))
            .AddColumn(new TableColumn("Field").RightAligned())
            .AddColumn("Name")
            .AddColumn("Format")
            .AddColumn("Value")
            .AddColumn("Meaning");
        foreach (var field in message.Fields)
        {
            var spec = settings.Dialect[field]!;
            var value = MessageJson.DisplayValue(message, settings.Dialect, field, unmasked);
            table.AddRow(
                field.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(spec.Name),
                spec.Notation,
                Markup.Escape(Visible(value)),
                Markup.Escape(Meaning(message, field)));
        }

        return table;
    }

    private static string Caption(InputMessage input, IsoSettings settings)
    {
        var caption = $"{settings.Dialect.Name}, {settings.Framing}, {input.FrameLength} bytes at offset {input.ByteOffset}";
        return input.Header.Length > 0 ? $"{caption}, header {Convert.ToHexString(input.Header)}" : caption;
    }

    /// <summary>Trailing spaces matter in fixed fields; show them.</summary>
    private static string Visible(string value) =>
        value.Length > 0 && value[^1] == ' ' ? value.TrimEnd(' ') + new string('·', value.Length - value.TrimEnd(' ').Length) : value;

    private static string AmountMeaning(long minor, string? currency)
    {
        // ISO 4217 minor-unit exponents of the currencies people meet most here; others are shown in minor units only.
        var (code, exponent) = currency switch
        {
            "156" => ("CNY", 2),
            "344" => ("HKD", 2),
            "840" => ("USD", 2),
            "978" => ("EUR", 2),
            "826" => ("GBP", 2),
            "392" => ("JPY", 0),
            "410" => ("KRW", 0),
            _ => ((string?)null, -1),
        };
        if (code is null)
        {
            return $"{minor} minor units{(currency is null ? "" : $" of currency {currency}")}";
        }

        var scale = exponent == 0 ? 1 : 100;
        var major = exponent == 0 ? $"{minor}" : $"{minor / scale}.{minor % scale:D2}";
        return $"{major} {code} ({minor} minor units)";
    }

    private static string Meaning(IsoMessage message, int field)
    {
        var text = message.GetString(field) ?? "";
        return field switch
        {
            IsoMessage.FieldPan => Pan.IsValid(text) ? "passes the Luhn check" : "FAILS the Luhn check",
            IsoMessage.FieldProcessingCode => ProcessingCodes.Describe(text),
            IsoMessage.FieldAmount when message.AmountMinor is { } minor => AmountMeaning(minor, message.CurrencyCode),
            IsoMessage.FieldResponseCode => ResponseCodes.Describe(text),
            IsoMessage.FieldNetworkCode => text switch
            {
                "001" => "Sign-on",
                "002" => "Sign-off",
                "301" => "Echo test",
                _ => "",
            },
            IsoMessage.FieldTransmissionDateTime when text.Length == 10 => $"{text[2..4]}/{text[..2]} {text[4..6]}:{text[6..8]}:{text[8..]} GMT (DD/MM)",
            IsoMessage.FieldLocalTime when text.Length == 6 => $"{text[..2]}:{text[2..4]}:{text[4..]}",
            IsoMessage.FieldOriginalData when text.Length == 42 => $"original MTI {text[..4]}, STAN {text[4..10]}, at {text[10..20]}",
            _ => "",
        };
    }
}
