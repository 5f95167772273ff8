using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PosSim.Core.Issuer;
using PosSim.Core.Security;
using PosSim.Core.Switch;
using PosSim.Iso8583.Cards;

namespace PosSim.Host;

public sealed record ProvisionedTerminal(
    [property: JsonPropertyName("terminal_id")] string TerminalId,
    [property: JsonPropertyName("merchant_id")] string MerchantId)
{
    /// <summary>
    /// The terminal's master key, when the installation gives terminals keys (docs/cli.md, "Keys"). Never written to
    /// provisioned.json, which is rewritten at every start and read by load tools: terminals get their master key out
    /// of band, as at a key-injection ceremony. Prints as its check value only (<see cref="TerminalMasterKey"/>).
    /// </summary>
    [JsonIgnore]
    public TerminalMasterKey? MasterKey { get; init; }
}

public sealed record ProvisionedCard(
    [property: JsonPropertyName("pan")] string Pan,
    [property: JsonPropertyName("expiry")] string Expiry,
    [property: JsonPropertyName("balance_minor")] long BalanceMinor);

/// <summary>
/// The terminals and test cards a server accepts, as written to <c>provisioned.json</c> (docs/serve-protocol.md) so a
/// QA team's load tool can pick them up. Every listed card is valid and unexpired: a request from a listed
/// terminal with a listed card and enough balance is approved.
/// </summary>
public sealed record Provisioning(
    [property: JsonPropertyName("terminals")] IReadOnlyList<ProvisionedTerminal> Terminals,
    [property: JsonPropertyName("cards")] IReadOnlyList<ProvisionedCard> Cards,
    [property: JsonPropertyName("currency")] string Currency)
{
    /// <summary>A test BIN: card numbers under it are never real cards.</summary>
    public const string TestBin = "476173";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>
    /// Demo data, the same for the same arguments: terminals T0000001.. spread over merchants M00000000000001..,
    /// cards with Luhn-valid numbers under <see cref="TestBin"/> holding a large balance, except every tenth card,
    /// which holds 50.00 so that declines for insufficient funds (51) are easy to provoke. Given
    /// <paramref name="masterKeySecret"/> (at least 16 bytes, kept out of the data folder like the PAN hashing key),
    /// each terminal gets a master key derived from it and its id (<see cref="TerminalMasterKey.Derive"/>): stable
    /// across restarts, and not guessable from the ids, which anyone can read in provisioned.json.
    /// </summary>
    public static Provisioning Demo(int terminals = 20, int merchants = 5, int cards = 100, string currency = "156", ReadOnlySpan<byte> masterKeySecret = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(terminals, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(merchants, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cards, 1);
        var t = new List<ProvisionedTerminal>(terminals);
        for (var i = 1; i <= terminals; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"T{i:D7}");
            t.Add(new ProvisionedTerminal(id, string.Create(CultureInfo.InvariantCulture, $"M{((i - 1) % merchants) + 1:D14}"))
            {
                MasterKey = masterKeySecret.IsEmpty ? null : TerminalMasterKey.Derive(masterKeySecret, id),
            });
        }

        var c = Enumerable.Range(1, cards)
            .Select(i =>
            {
                var partial = string.Create(CultureInfo.InvariantCulture, $"{TestBin}{i:D9}");
                return new ProvisionedCard(partial + Pan.LuhnDigit(partial), "2812", i % 10 == 0 ? 50_00 : 1_000_000_00);
            })
            .ToList();
        return new Provisioning(t, c, currency);
    }

    /// <summary>
    /// The same provisioning with each terminal's master key derived from <paramref name="masterKeySecret"/> (at least 16
    /// bytes) and its id (<see cref="TerminalMasterKey.Derive"/>), as <see cref="Demo"/> gives them.
    /// </summary>
    public Provisioning WithMasterKeys(ReadOnlySpan<byte> masterKeySecret)
    {
        var keyed = new List<ProvisionedTerminal>(Terminals.Count);
        foreach (var terminal in Terminals)
        {
            keyed.Add(terminal with { MasterKey = TerminalMasterKey.Derive(masterKeySecret, terminal.TerminalId) });
        }

        return this with { Terminals = keyed };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The master key of a provisioned terminal, or null when it has none or is not provisioned.</summary>
    public TerminalMasterKey? MasterKeyOf(string terminalId) =>
        Terminals.FirstOrDefault(t => t.TerminalId.Equals(terminalId, StringComparison.Ordinal))?.MasterKey;

    public static Provisioning FromJson(string json) =>
        JsonSerializer.Deserialize<Provisioning>(json) ?? throw new JsonException("provisioned.json is empty.");

    /// <summary>Registers the terminals with the switch and issues the cards.</summary>
    public void ApplyTo(TerminalRegistry registry, CardIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(issuer);
        foreach (var terminal in Terminals)
        {
            registry.Add(terminal.TerminalId, terminal.MerchantId);
        }

        issuer.OpenBooks();
        foreach (var card in Cards)
        {
            issuer.AddCard(card.Pan, card.Expiry, card.BalanceMinor);
        }
    }
}
