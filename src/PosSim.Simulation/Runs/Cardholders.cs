using System.Globalization;
using PosSim.Core.Issuer;
using PosSim.Simulation.Scenarios;
using PosSim.Simulation.Terminals;

namespace PosSim.Simulation.Runs;

/// <summary>The run's cards: numbered PANs under the scenario's BIN, with balances, some expired, some nearly empty.</summary>
internal static class Cardholders
{
    /// <summary>A card as the terminals read it.</summary>
    public sealed record IssuedCard(CardRead Read);

    public static IReadOnlyList<IssuedCard> Issue(CardholderSpec spec, CardIssuer issuer, Random random)
    {
        var cards = new List<IssuedCard>(spec.Count);
        var bodyLength = 15 - spec.Bin.Length;
        for (var i = 0; i < spec.Count; i++)
        {
            var body = spec.Bin + (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(bodyLength, '0');
            var pan = body + LuhnDigit(body);
            // The first card is always in good standing: planned transactions pay with it, so a scenario's
            // aimed sale is never declined by the luck of the draw.
            var draw = i == 0 ? 1.0 : random.NextDouble();
            var expired = draw < spec.ExpiredShare;
            var low = !expired && draw < spec.ExpiredShare + spec.LowBalanceShare;
            var balance = i == 0
                ? Math.Max(spec.BalanceMaxMinor, 1_000_000_00)
                : low
                ? random.NextInt64(0, 5_00)
                : spec.BalanceMinMinor + (long)(random.NextDouble() * (spec.BalanceMaxMinor - spec.BalanceMinMinor));
            var expiry = expired ? "2401" : "3012";
            issuer.AddCard(pan, expiry, balance);
            cards.Add(new IssuedCard(new CardRead(pan, expiry)));
        }

        return cards;
    }

    private static char LuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
