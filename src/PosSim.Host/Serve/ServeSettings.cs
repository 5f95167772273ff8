using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PosSim.Host.Serve;

/// <summary>
/// Reads the "Serve" section into <see cref="ServeOptions"/>, key by key, with limits: a bad or unknown value is
/// one line naming the key (as appsettings.json, the environment and the command line spell it) and what it takes,
/// never a binder's stack trace.
/// </summary>
public static class ServeSettings
{
    private const string Section = "Serve";

    private static readonly (string Key, string Option, long Min, long Max, Action<ServeOptions, int> Set)[] Numbers =
    [
        (nameof(ServeOptions.HeaderLength), "--header-length", 0, 64, (o, v) => o.HeaderLength = v),
        (nameof(ServeOptions.Terminals), "--terminals", 1, 100_000, (o, v) => o.Terminals = v),
        (nameof(ServeOptions.Merchants), "", 1, 10_000, (o, v) => o.Merchants = v),
        (nameof(ServeOptions.Cards), "--cards", 1, 1_000_000, (o, v) => o.Cards = v),
        (nameof(ServeOptions.MaxConnections), "", 1, 65_536, (o, v) => o.MaxConnections = v),
        (nameof(ServeOptions.IdleTimeoutSeconds), "", 1, 86_400, (o, v) => o.IdleTimeoutSeconds = v),
        (nameof(ServeOptions.MaxConnectionsPerAddress), "", 1, 65_536, (o, v) => o.MaxConnectionsPerAddress = v),
        (nameof(ServeOptions.FirstMessageTimeoutSeconds), "", 1, 3_600, (o, v) => o.FirstMessageTimeoutSeconds = v),
        (nameof(ServeOptions.FrameTimeoutSeconds), "", 1, 600, (o, v) => o.FrameTimeoutSeconds = v),
        (nameof(ServeOptions.MaxPendingRequests), "", 1, 1_000_000, (o, v) => o.MaxPendingRequests = v),
        (nameof(ServeOptions.IssuerTimeoutMs), "", 100, 600_000, (o, v) => o.IssuerTimeoutMs = v),
        (nameof(ServeOptions.ReversalAckTimeoutMs), "", 100, 600_000, (o, v) => o.ReversalAckTimeoutMs = v),
        (nameof(ServeOptions.ReversalBackoffMs), "", 10, 600_000, (o, v) => o.ReversalBackoffMs = v),
        (nameof(ServeOptions.ReversalMaxTries), "", 1, 1_000, (o, v) => o.ReversalMaxTries = v),
    ];

    private static readonly (string Key, string Option, Action<ServeOptions, string> Set)[] Texts =
    [
        (nameof(ServeOptions.Listen), "--listen", (o, v) => o.Listen = v),
        (nameof(ServeOptions.Dialect), "--dialect", (o, v) => o.Dialect = v),
        (nameof(ServeOptions.Framing), "--framing", (o, v) => o.Framing = v),
        (nameof(ServeOptions.Data), "--data", (o, v) => o.Data = v),
        (nameof(ServeOptions.Role), "--role", (o, v) => o.Role = v),
        (nameof(ServeOptions.Issuer), "--issuer", (o, v) => o.Issuer = v),
        (nameof(ServeOptions.IssuerDialect), "", (o, v) => o.IssuerDialect = v),
        (nameof(ServeOptions.IssuerFraming), "", (o, v) => o.IssuerFraming = v),
        (nameof(ServeOptions.PanHashKey), "", (o, v) => o.PanHashKey = v),
        (nameof(ServeOptions.Metrics), "--metrics", (o, v) => o.Metrics = v),
        (nameof(ServeOptions.HostLinks), "", (o, v) => o.HostLinks = v),
    ];

    /// <summary>The options the configuration gives, or the first problem with it in words.</summary>
    public static ServeOptions Read(IConfiguration configuration, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        problem = null;
        var options = new ServeOptions();
        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren())
        {
            var known = Numbers.Any(n => n.Key.Equals(child.Key, StringComparison.OrdinalIgnoreCase)) ||
                Texts.Any(t => t.Key.Equals(child.Key, StringComparison.OrdinalIgnoreCase)) ||
                child.Key.Equals(nameof(ServeOptions.Durable), StringComparison.OrdinalIgnoreCase) ||
                child.Key.Equals(nameof(ServeOptions.RequireSignOn), StringComparison.OrdinalIgnoreCase);
            if (!known)
            {
                problem = $"{Section}:{child.Key} is not a setting of possim serve; the settings are {string.Join(", ", Numbers.Select(n => n.Key).Concat(Texts.Select(t => t.Key)).Append(nameof(ServeOptions.Durable)).Append(nameof(ServeOptions.RequireSignOn)).Order(StringComparer.Ordinal))}";
                return options;
            }
        }

        foreach (var (key, option, min, max, set) in Numbers)
        {
            if (section[key] is not { } text)
            {
                continue;
            }

            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                problem = $"{Name(key, option)} = '{text}': give a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}";
                return options;
            }

            set(options, value);
        }

        foreach (var (key, option, set) in Texts)
        {
            if (section[key] is { } text)
            {
                if (text.Length == 0 && key != nameof(ServeOptions.Issuer))
                {
                    problem = $"{Name(key, option)} is empty; leave it out for the default";
                    return options;
                }

                set(options, text);
            }
        }

        if (section[nameof(ServeOptions.Durable)] is { } durable)
        {
            if (!bool.TryParse(durable, out var value))
            {
                problem = $"{Name(nameof(ServeOptions.Durable), "--in-memory")} = '{durable}': give true or false";
                return options;
            }

            options.Durable = value;
        }

        if (section[nameof(ServeOptions.RequireSignOn)] is { } requireSignOn)
        {
            if (!bool.TryParse(requireSignOn, out var value))
            {
                problem = $"{Name(nameof(ServeOptions.RequireSignOn), "")} = '{requireSignOn}': give true or false (left out: on unless Listen is loopback)";
                return options;
            }

            options.RequireSignOn = value;
        }

        // A host link speaks for every terminal: an address that is not one must not be taken as a loose match.
        if (options.HostLinks?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(a => !System.Net.IPAddress.TryParse(a, out _)) is { } notAddress)
        {
            problem = $"{Name(nameof(ServeOptions.HostLinks), "")}: '{notAddress}' is not an IP address; give the host links' addresses separated by commas";
            return options;
        }

        if (options.PanHashKey is { } hashKey && !TryPanHashKey(hashKey, out _))
        {
            problem = $"{Name(nameof(ServeOptions.PanHashKey), "")}: give at least 16 bytes as hex (32 or more hex digits)";
        }

        return options;
    }

    /// <summary>The PAN hashing key given as hex, when it is one of at least 16 bytes.</summary>
    public static bool TryPanHashKey(string hex, out byte[] key)
    {
        key = [];
        if (hex.Length < 32 || hex.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            key = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A setting as every source spells it: Serve:Cards (--cards, POSSIM_Serve__Cards).</summary>
    private static string Name(string key, string option) =>
        $"{Section}:{key} ({(option.Length > 0 ? option + ", " : "")}POSSIM_{Section}__{key})";
}
