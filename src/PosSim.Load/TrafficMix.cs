using System.Globalization;

namespace PosSim.Load;

/// <summary>What a simulated terminal sends next. Batch totals are not in the mix: every terminal sends one at the end.</summary>
public enum RequestKind
{
    Purchase,
    Refund,
    Void,
    Echo,
}

/// <summary>
/// The share of each kind of request, as weights (purchase=90,refund=5,void=3,echo=2 by default). Weights need not
/// add up to 100: each kind is drawn with probability weight / sum.
/// </summary>
public sealed class TrafficMix
{
    public const string DefaultText = "purchase=90,refund=5,void=3,echo=2";

    private static readonly string[] Names = ["purchase", "refund", "void", "echo"];

    private readonly int[] _weights;
    private readonly int _total;

    private TrafficMix(int[] weights)
    {
        _weights = weights;
        _total = weights.Sum();
    }

    public static TrafficMix Default { get; } = Parse(DefaultText);

    /// <summary>The weight of each kind, by name, for reports.</summary>
    public IReadOnlyDictionary<string, int> Weights => Names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => _weights[p.i]);

    public static string NameOf(RequestKind kind) => Names[(int)kind];

    /// <summary>Parses KIND=WEIGHT,...; kinds not named get weight 0.</summary>
    /// <exception cref="FormatException">The text, saying what is wrong and what is accepted.</exception>
    public static TrafficMix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new int[Names.Length];
        var seen = new bool[Names.Length];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{part}' is not KIND=WEIGHT (for example purchase=90)");
            }

            var name = part[..eq].Trim().ToLowerInvariant();
            var index = Array.IndexOf(Names, name);
            if (index < 0)
            {
                throw new FormatException($"'{name}' is not a kind of request; choose from {string.Join(", ", Names)} (batch totals are always sent at the end)");
            }

            if (seen[index])
            {
                throw new FormatException($"'{name}' is given twice");
            }

            if (!int.TryParse(part.AsSpan(eq + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 1_000_000)
            {
                throw new FormatException($"the weight of {name}, '{part[(eq + 1)..]}', is not a whole number from 0 to 1000000");
            }

            seen[index] = true;
            weights[index] = weight;
        }

        if (weights.Sum() == 0)
        {
            throw new FormatException("every weight is 0: give at least one kind a positive weight");
        }

        return new TrafficMix(weights);
    }

    /// <summary>Draws a kind with its weight's probability.</summary>
    public RequestKind Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var pick = random.Next(_total);
        for (var i = 0; i < _weights.Length; i++)
        {
            pick -= _weights[i];
            if (pick < 0)
            {
                return (RequestKind)i;
            }
        }

        return RequestKind.Purchase;
    }

    public override string ToString() => string.Join(',', Names.Select((n, i) => $"{n}={_weights[i].ToString(CultureInfo.InvariantCulture)}"));
}
