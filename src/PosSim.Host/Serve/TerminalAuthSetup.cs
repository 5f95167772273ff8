using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using PosSim.Core.Security;
using PosSim.Core.Switch;
using PosSim.Iso8583;

namespace PosSim.Host.Serve;

/// <summary>
/// Serve's terminal authentication (docs/security.md, "How it is wired"): which MAC, from the TerminalAuth setting or,
/// left out, on (retail MAC) when serve listens beyond loopback; and the switch's side of it, with each provisioned
/// terminal's master key derived from the installation secret (TerminalKeySecret).
/// </summary>
public static class TerminalAuthSetup
{
    /// <summary>The environment variable (POSSIM_ prefix taken off by the configuration) the secret may come from.</summary>
    public const string SecretVariable = "TERMINAL_KEY_SECRET";

    /// <summary>The values of the TerminalAuth setting.</summary>
    public const string Choices = "off, retail-mac or aes-cmac";

    /// <summary>The MAC serve demands of terminals, or null when authentication is off.</summary>
    public static MacAlgorithm? ModeOf(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Role == "issuer")
        {
            return null; // the issuer's clients are switches, not terminals
        }

        return options.TerminalAuth switch
        {
            "off" => null,
            "retail-mac" => MacAlgorithm.RetailMac,
            "aes-cmac" => MacAlgorithm.AesCmac,

            // Left out: terminals reaching serve from beyond the machine must prove who they are; loopback tools, the
            // benchmarks and `possim load` without a secret keep working as they did.
            _ => Endpoints.TryParse(options.Listen, out var endPoint, out _) && !IPAddress.IsLoopback(endPoint!.Address) ? MacAlgorithm.RetailMac : null,
        };
    }

    /// <summary>The settings' problem with terminal authentication in one line, or null. The secret is never repeated.</summary>
    public static string? Check(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TerminalAuth is { } mode && mode is not ("off" or "retail-mac" or "aes-cmac"))
        {
            return $"Serve:TerminalAuth (POSSIM_Serve__TerminalAuth) = '{(mode.Length <= 20 ? mode : mode[..20] + "...")}': choose {Choices} (left out: retail-mac unless Listen is loopback)";
        }

        if (options.TerminalKeySecret is { } secret && !PanHashKeys.TryParse(secret, out _))
        {
            return $"POSSIM_{SecretVariable} or Serve:TerminalKeySecret: {PanHashKeys.Expected}";
        }

        if (ModeOf(options) is { } on && options.TerminalKeySecret is null)
        {
            var why = options.TerminalAuth is null ? $"on because Listen ({options.Listen}) is not loopback" : $"{(on == MacAlgorithm.RetailMac ? "retail-mac" : "aes-cmac")}";
            return $"Serve:TerminalAuth is {why}, and terminals' master keys need the installation secret: set POSSIM_{SecretVariable} (or Serve:TerminalKeySecret) to {PanHashKeys.Expected}; or set Serve:TerminalAuth=off";
        }

        return null;
    }

    /// <summary>
    /// The switch's TerminalAuth option for this serve, or null when authentication is off: master keys from the
    /// provisioning with the secret, working keys from the operating system's cryptographic generator, the MAC over the
    /// terminals' dialect, and each refusal logged once (terminal, STAN, MTI, why; never a key or a card number).
    /// </summary>
    public static TerminalAuthOptions? Create(ServeOptions options, Provisioning provisioning, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provisioning);
        ArgumentNullException.ThrowIfNull(loggers);
        if (ModeOf(options) is not { } algorithm)
        {
            return null;
        }

        if (options.TerminalKeySecret is not { } text || !PanHashKeys.TryParse(text, out var secret))
        {
            throw new InvalidOperationException($"Terminal authentication is on without an installation secret: set POSSIM_{SecretVariable}");
        }

        var keys = provisioning.WithMasterKeys(secret).Terminals.ToDictionary(t => t.TerminalId, t => t.MasterKey, StringComparer.Ordinal);
        CryptographicOperations.ZeroMemory(secret);
        var log = loggers.CreateLogger("PosSim.Security");
        log.LogInformation("Terminal authentication on: {Algorithm} in field 64/128, sign-on MACed under the key derived from the terminal master key, working keys in field 48 of the 0810", algorithm == MacAlgorithm.RetailMac ? "retail MAC (ISO 9797-1 alg. 3)" : "AES-CMAC");
        return new TerminalAuthOptions
        {
            Algorithm = algorithm,
            MasterKeyOf = id => keys.GetValueOrDefault(id),
            Random = RandomNumberGenerator.Fill,
            Codec = new IsoCodec(Dialect.Load(options.Dialect)),
            Refused = r => log.LogWarning("Refused 63 (security violation): {Mti} from terminal {Terminal} STAN {Stan}: {Reason}", r.Mti, r.TerminalId, r.Stan, r.Reason),
        };
    }
}
