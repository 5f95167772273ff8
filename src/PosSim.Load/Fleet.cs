using System.Globalization;
using System.Text.Json;
using PosSim.Host;
using PosSim.Iso8583.Cards;
using PosSim.Simulation.Terminals;

namespace PosSim.Load;

/// <summary>A terminal of the fleet: field 41 and field 42.</summary>
public sealed record FleetTerminal(string TerminalId, string MerchantId);

/// <summary>The terminals and cards a load run uses, with the terminals' currency (field 49).</summary>
public sealed record Fleet(IReadOnlyList<FleetTerminal> Terminals, IReadOnlyList<CardRead> Cards, string Currency)
{
    /// <summary>A problem in a fleet file, naming the file and, for a CSV, the line.</summary>
    public sealed class FileException(string message) : Exception(message);

    /// <summary>
    /// Reads <c>provisioned.json</c> as <c>possim serve</c> writes it, or a CSV (docs/load.md): a file whose first
    /// non-blank character is '{' is JSON, anything else CSV.
    /// </summary>
    /// <exception cref="FileException">The file is missing, unreadable or wrong; the message says where.</exception>
    public static Fleet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileException($"cannot read the provisioning file {path}: {e.Message}");
        }

        var fleet = text.TrimStart().StartsWith('{') ? FromJson(path, text) : FromCsv(path, text);
        if (fleet.Terminals.Count == 0 || fleet.Cards.Count == 0)
        {
            throw new FileException($"{path}: lists {fleet.Terminals.Count} terminals and {fleet.Cards.Count} cards; a load run needs at least one of each.");
        }

        return fleet;
    }

    /// <summary>The fleet of a server's provisioning (serve's demo terminals and cards), as benchmarks and tests build it in memory.</summary>
    public static Fleet FromProvisioning(Provisioning provisioning)
    {
        ArgumentNullException.ThrowIfNull(provisioning);
        return new Fleet(
            [.. provisioning.Terminals.Select(t => new FleetTerminal(t.TerminalId, t.MerchantId))],
            [.. provisioning.Cards.Select(c => new CardRead(c.Pan, c.Expiry))],
            provisioning.Currency);
    }

    private static Fleet FromJson(string path, string text)
    {
        Provisioning provisioning;
        try
        {
            provisioning = Provisioning.FromJson(text);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"{path}:{line + 1}" : path;
            throw new FileException($"{where}: not a provisioned.json as possim serve writes it: {e.Message}");
        }

        var terminals = new List<FleetTerminal>();
        foreach (var t in provisioning.Terminals ?? [])
        {
            terminals.Add(new FleetTerminal(CheckTerminal(path, 0, t.TerminalId), CheckMerchant(path, 0, t.MerchantId)));
        }

        var cards = new List<CardRead>();
        foreach (var c in provisioning.Cards ?? [])
        {
            cards.Add(CheckCard(path, 0, c.Pan, c.Expiry));
        }

        return new Fleet(terminals, cards, CheckCurrency(path, 0, provisioning.Currency ?? "156"));
    }

    private static Fleet FromCsv(string path, string text)
    {
        var terminals = new List<FleetTerminal>();
        var cards = new List<CardRead>();
        var currency = "156";
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            switch (cells[0].ToLowerInvariant())
            {
                case "terminal" when cells.Length == 3:
                    terminals.Add(new FleetTerminal(CheckTerminal(path, number, cells[1]), CheckMerchant(path, number, cells[2])));
                    break;
                case "card" when cells.Length == 3:
                    cards.Add(CheckCard(path, number, cells[1], cells[2]));
                    break;
                case "currency" when cells.Length == 2:
                    currency = CheckCurrency(path, number, cells[1]);
                    break;
                case "terminal" or "card" or "currency":
                    throw Problem(path, number, $"'{cells[0]}' takes {(cells[0] == "currency" ? 1 : 2)} values after it, this line has {cells.Length - 1}");
                default:
                    throw Problem(path, number, $"'{cells[0]}' is not a row kind: start each row with terminal, card or currency (see docs/load.md)");
            }
        }

        return new Fleet(terminals, cards, currency);
    }

    private static string CheckTerminal(string path, int line, string? id) =>
        id is { Length: >= 1 and <= 8 } && id.All(char.IsAsciiLetterOrDigit)
            ? id
            : throw Problem(path, line, $"terminal id '{id}' must be 1 to 8 letters or digits (field 41)");

    private static string CheckMerchant(string path, int line, string? id) =>
        id is { Length: >= 1 and <= 15 } && id.All(char.IsAsciiLetterOrDigit)
            ? id
            : throw Problem(path, line, $"merchant id '{id}' must be 1 to 15 letters or digits (field 42)");

    private static CardRead CheckCard(string path, int line, string? pan, string? expiry)
    {
        if (pan is null || !Pan.IsValid(pan))
        {
            // Never the number itself: a PAN stays out of messages, even a wrong one.
            throw Problem(path, line, $"card number {(pan is null ? "(missing)" : Pan.Mask(pan))} is not a valid PAN (12 to 19 digits passing the Luhn check)");
        }

        if (expiry is not { Length: 4 } || !expiry.All(char.IsAsciiDigit) || int.Parse(expiry.AsSpan(2), CultureInfo.InvariantCulture) is < 1 or > 12)
        {
            throw Problem(path, line, $"expiry '{expiry}' of card {Pan.Mask(pan)} is not YYMM (for example 2812)");
        }

        return new CardRead(pan, expiry);
    }

    private static string CheckCurrency(string path, int line, string currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiDigit)
            ? currency
            : throw Problem(path, line, $"currency '{currency}' is not an ISO 4217 numeric code (for example 156)");

    private static FileException Problem(string path, int line, string what) =>
        new($"{path}{(line > 0 ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")}: {what}; fix the file and run again.");
}
