using System.Globalization;
using Microsoft.Extensions.Configuration;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

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
        (nameof(ServeOptions.StoreOutageSeconds), "", 1, 86_400, (o, v) => o.StoreOutageSeconds = v),
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
        (nameof(ServeOptions.TerminalAuth), "", (o, v) => o.TerminalAuth = v),
        (nameof(ServeOptions.TerminalKeySecret), "", (o, v) => o.TerminalKeySecret = v),
    ];

    /// <summary>The environment variable (POSSIM_ prefix taken off by the configuration) a PAN hashing key may come from.</summary>
    public const string PanHashKeyVariable = "PAN_HASH_KEY";

    /// <summary>The options the configuration gives, or the first problem with it in words.</summary>
    public static ServeOptions Read(IConfiguration configuration, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        problem = null;
        var options = new ServeOptions();
        var section = configuration.GetSection(Section);
        if (section.Value is { } notASection)
        {
            problem = $"{Section} = '{notASection}': the settings of possim serve are an object of keys (\"{Section}\": {{ \"Cards\": 100 }}), not a value";
            return options;
        }

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

            // A JSON object or array where a value belongs would otherwise read as "not given" and be ignored.
            if (child.Value is null && child.GetChildren().Any())
            {
                problem = $"{Section}:{child.Key} is an object or a list in the settings; give it one value";
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
                problem = $"{Name(key, option)} = '{Shown(text)}': give a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}";
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
                problem = $"{Name(nameof(ServeOptions.Durable), "--in-memory")} = '{Shown(durable)}': give true or false";
                return options;
            }

            options.Durable = value;
        }

        if (section[nameof(ServeOptions.RequireSignOn)] is { } requireSignOn)
        {
            if (!bool.TryParse(requireSignOn, out var value))
            {
                problem = $"{Name(nameof(ServeOptions.RequireSignOn), "")} = '{Shown(requireSignOn)}': give true or false (left out: on unless Listen is loopback)";
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

        // POSSIM_PAN_HASH_KEY is the name secret stores and container platforms are usually given; Serve:PanHashKey
        // keeps working. Two different keys is a mistake to stop on, not to settle by precedence.
        if (configuration[PanHashKeyVariable] is { } variable)
        {
            if (options.PanHashKey is { } setting && !setting.Trim().Equals(variable.Trim(), StringComparison.Ordinal))
            {
                problem = $"POSSIM_{PanHashKeyVariable} and {Name(nameof(ServeOptions.PanHashKey), "")} give two different PAN hashing keys; give one";
                return options;
            }

            options.PanHashKey = variable;
        }

        // The key itself is never repeated in the line: it is a secret, and may be one with a typo.
        if (options.PanHashKey is { } hashKey && !PanHashKeys.TryParse(hashKey, out _))
        {
            problem = $"POSSIM_{PanHashKeyVariable} or {Name(nameof(ServeOptions.PanHashKey), "")}: {PanHashKeys.Expected}";
            return options;
        }

        // The terminals' key secret, like the PAN hashing key, is usually handed over in the environment.
        if (configuration[TerminalAuthSetup.SecretVariable] is { } secret)
        {
            if (options.TerminalKeySecret is { } setting && !setting.Trim().Equals(secret.Trim(), StringComparison.Ordinal))
            {
                problem = $"POSSIM_{TerminalAuthSetup.SecretVariable} and {Name(nameof(ServeOptions.TerminalKeySecret), "")} give two different terminal key secrets; give one";
                return options;
            }

            options.TerminalKeySecret = secret;
        }

        problem = Validate(options) ?? TerminalAuthSetup.Check(options);
        return options;
    }

    /// <summary>
    /// The log levels under "Logging" (Logging:LogLevel:Default, Logging:Console:LogLevel:PosSim.Loop...), which the
    /// logging library would otherwise refuse with a message naming the value but not the key.
    /// </summary>
    public static string? LoggingProblem(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
        {
            var path = key.Split(':');
            var isLevel = path.Length >= 3 && path[^2].Equals("LogLevel", StringComparison.OrdinalIgnoreCase);
            if (isLevel && !string.IsNullOrEmpty(value) &&
                (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level)))
            {
                return $"{key} (POSSIM_{key.Replace(":", "__", StringComparison.Ordinal)}) = '{Shown(value)}': choose Trace, Debug, Information, Warning, Error, Critical or None";
            }
        }

        return null;
    }

    /// <summary>The checks that need more than one setting or a lookup (a dialect file, an address); null when all hold.</summary>
    private static string? Validate(ServeOptions o)
    {
        if (!Endpoints.TryParse(o.Listen, out _, out var listen))
        {
            return $"{Name(nameof(ServeOptions.Listen), "--listen")}: {listen}";
        }

        if (o.Role is not ("all" or "switch" or "issuer"))
        {
            return $"{Name(nameof(ServeOptions.Role), "--role")} = '{Shown(o.Role)}': choose all, switch or issuer";
        }

        if (DialectProblem(o.Dialect) is { } dialect)
        {
            return $"{Name(nameof(ServeOptions.Dialect), "--dialect")}: {dialect}";
        }

        if (StreamFramingProblem(o.Framing) is { } framing)
        {
            return $"{Name(nameof(ServeOptions.Framing), "--framing")} = '{Shown(o.Framing)}': {framing}";
        }

        if (o.Metrics is { } metricsAt && !Endpoints.TryParse(metricsAt, out _, out var metrics))
        {
            return $"{Name(nameof(ServeOptions.Metrics), "--metrics")}: {metrics}";
        }

        if (o.Role == "switch" && string.IsNullOrEmpty(o.Issuer))
        {
            return $"--role switch needs {Name(nameof(ServeOptions.Issuer), "--issuer")}: the issuer's HOST:PORT to forward to";
        }

        // Checked whatever the role: a wrong value left in the settings would bite the day the role changes.
        if (!string.IsNullOrEmpty(o.Issuer) && !Endpoints.TryParse(o.Issuer, out _, out var issuer))
        {
            return $"{Name(nameof(ServeOptions.Issuer), "--issuer")}: {issuer}";
        }

        if (DialectProblem(o.IssuerDialect) is { } issuerDialect)
        {
            return $"{Name(nameof(ServeOptions.IssuerDialect), "")}: {issuerDialect}";
        }

        if (StreamFramingProblem(o.IssuerFraming) is { } issuerFraming)
        {
            return $"{Name(nameof(ServeOptions.IssuerFraming), "")} = '{Shown(o.IssuerFraming)}': {issuerFraming}";
        }

        return null;
    }

    private static string? DialectProblem(string nameOrPath)
    {
        try
        {
            Dialect.Load(nameOrPath);
            return null;
        }
        catch (DialectException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{nameOrPath}' cannot be read: {e.Message}";
        }
    }

    private static string? StreamFramingProblem(string name) =>
        name != "none" && MessageFraming.Names.Contains(name) ? null : "choose binary2, ascii4 or bcd2 (a stream needs a length header, so none is not possible)";

    /// <summary>A value as given, shortened so one line stays one line whatever was pasted into a variable.</summary>
    private static string Shown(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        return line.Length <= 40 ? line : line[..40] + "...";
    }

    /// <summary>A setting as every source spells it: Serve:Cards (--cards, POSSIM_Serve__Cards).</summary>
    private static string Name(string key, string option) =>
        $"{Section}:{key} ({(option.Length > 0 ? option + ", " : "")}POSSIM_{Section}__{key})";
}
