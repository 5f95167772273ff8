using System.CommandLine;
using PosSim.Cli.Commands.Iso;
using PosSim.Host.Serve;
using PosSim.Iso8583.Framing;
using PosSim.Load;
using PosSim.Simulation.Scenarios;

namespace PosSim.Cli.Commands.Load;

/// <summary>Where the results go besides the table.</summary>
internal sealed record LoadOutputs(bool Json, string? Html, string? Hgrm);

/// <summary>`possim load`'s own options (the dialect and framing come from <see cref="IsoOptions"/>), and checking them.</summary>
internal sealed class LoadOptions
{
    private readonly Option<string> _target = new("--target", "-t") { Description = "The switch, HOST:PORT (an IP address or localhost). possim serve listens on the default.", HelpName = "HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:5800" };
    private readonly Option<string> _provisioning = new("--provisioned", "-p") { Description = "Terminals and cards: provisioned.json as possim serve writes it, or a CSV (docs/load.md).", HelpName = "FILE", DefaultValueFactory = _ => Path.Combine("possim-data", "provisioned.json") };
    private readonly Option<int> _connections = new("--connections", "-c") { Description = "TCP connections; terminals are dealt round them.", HelpName = "N", DefaultValueFactory = _ => 4 };
    private readonly Option<int?> _terminals = new("--terminals") { Description = "How many of the file's terminals take part (the first N). Default all.", HelpName = "N" };
    private readonly Option<string?> _rate = new("--rate", "-r") { Description = "Open loop at this rate over all connections: 20000/s, 20000 or 600/m. Without it, the loop is closed.", HelpName = "RATE" };
    private readonly Option<int?> _inFlight = new("--in-flight") { Description = "Closed loop: requests in flight on each connection. Default 8.", HelpName = "D" };
    private readonly Option<string> _duration = new("--duration") { Description = "Measured time: 250ms, 30s, 5m, 1h.", HelpName = "TIME", DefaultValueFactory = _ => "60s" };
    private readonly Option<string> _warmup = new("--warmup") { Description = "Traffic before measuring starts, not counted.", HelpName = "TIME", DefaultValueFactory = _ => "1s" };
    private readonly Option<string> _timeout = new("--timeout") { Description = "How long a request waits for its answer before it counts as a timeout.", HelpName = "TIME", DefaultValueFactory = _ => "5s" };
    private readonly Option<string> _mix = new("--mix") { Description = "Weights of the kinds of request: purchase, refund, void, echo.", HelpName = "KIND=W,...", DefaultValueFactory = _ => TrafficMix.DefaultText };
    private readonly Option<string?> _scenario = new("--scenario") { Description = "Play one trading day of a simulation scenario's traffic (arrival curve, refund and void rates, amounts) in an open loop, with the provisioning file's terminals and cards.", HelpName = "FILE.yaml" };
    private readonly Option<string?> _speed = new("--speed") { Description = "With --scenario: scenario seconds played per real second (1: real time, 3600: an hour a second). Default 1.", HelpName = "X" };
    private readonly Option<bool> _asHost = new("--as-host") { Description = "Network management as a host: 0800 without field 41, one sign-on per connection." };
    private readonly Option<string?> _keySecret = new("--terminal-key-secret") { Description = "The installation secret serve derives the terminals' master keys from (hex or base64, 16 to 64 bytes; default: the POSSIM_TERMINAL_KEY_SECRET environment variable). Given, terminals take a working key at sign-on and MAC every request.", HelpName = "SECRET" };
    private readonly Option<string> _terminalAuth = new("--terminal-auth") { Description = "With --terminal-key-secret: the MAC serve's TerminalAuth asks for, retail-mac or aes-cmac. Terminals MAC their sign-on with it before they have a working key.", HelpName = "MAC", DefaultValueFactory = _ => "retail-mac" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the draws (kind, card, amount).", HelpName = "N", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _json = new("--json") { Description = "Print the result as one JSON object (fields in docs/load.md) instead of the table." };
    private readonly Option<string?> _html = new("--html") { Description = "Write a self-contained HTML page with throughput and latency over time.", HelpName = "FILE" };
    private readonly Option<string?> _hgrm = new("--hgrm") { Description = "Write the latency histogram in HdrHistogram's percentile-distribution format (milliseconds).", HelpName = "FILE" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _target, _provisioning, _connections, _terminals, _rate, _inFlight, _duration, _warmup, _timeout, _mix, _scenario, _speed, _asHost, _keySecret, _terminalAuth, _seed, _json, _html, _hgrm })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Checks every option and reads the provisioning file; on the first problem writes one error line and returns false.</summary>
    public bool TryResolve(ParseResult parse, IsoSettings iso, TextWriter error, out LoadSettings settings, out LoadOutputs outputs)
    {
        settings = null!;
        outputs = null!;
        string? problem = null;
        void Problem(string text) => problem ??= text;

        if (iso.Framing.LengthHeader == LengthHeader.None)
        {
            Problem("--framing none: a TCP stream needs a length header: binary2, ascii4 or bcd2.");
        }

        var targetText = parse.GetValue(_target)!;
        if (!Endpoints.TryParse(targetText, out var target, out var targetProblem) || target.Port == 0)
        {
            Problem($"--target: {(target is { Port: 0 } ? $"'{targetText}' needs a port other than 0" : targetProblem)}.");
        }

        var connections = parse.GetValue(_connections);
        if (connections is < 1 or > 10_000)
        {
            Problem($"--connections {connections}: give 1 to 10000.");
        }

        var rateText = parse.GetValue(_rate);
        double? rate = null;
        if (rateText is not null)
        {
            if (LoadInputs.TryRate(rateText, out var perSecond))
            {
                rate = perSecond;
            }
            else
            {
                Problem($"--rate {rateText}: give {LoadInputs.RateForm}, more than 0 and at most {LoadInputs.MaxRate:0}.");
            }
        }

        var inFlight = parse.GetValue(_inFlight);
        if (parse.GetValue(_scenario) is not null && (rateText is not null || inFlight is not null || IsGiven(parse, _mix)))
        {
            Problem("--scenario sets the rate and the mix itself: leave out --rate, --in-flight and --mix.");
        }
        else if (rateText is not null && inFlight is not null)
        {
            Problem("--rate and --in-flight: choose one; --rate is an open loop, --in-flight a closed one.");
        }
        else if (inFlight is < 1 or > 65_536)
        {
            Problem($"--in-flight {inFlight}: give 1 to 65536 requests per connection.");
        }

        ScenarioTraffic? scenario = null;
        if (parse.GetValue(_scenario) is { } scenarioPath)
        {
            scenario = Scenario(parse, scenarioPath, Problem);
        }
        else if (parse.GetValue(_speed) is not null)
        {
            Problem("--speed: only with --scenario, which it speeds up.");
        }

        var duration = Duration(_duration, TimeSpan.FromMilliseconds(100), parse, Problem);
        var warmup = Duration(_warmup, TimeSpan.Zero, parse, Problem);
        if (scenario is not null)
        {
            // The day starts at once and ends at batch close: measure all of it unless told otherwise.
            duration = IsGiven(parse, _duration) ? duration : scenario.Day;
            warmup = IsGiven(parse, _warmup) ? warmup : TimeSpan.Zero;
        }

        var timeout = Duration(_timeout, TimeSpan.FromMilliseconds(1), parse, Problem);

        TrafficMix mix = TrafficMix.Default;
        try
        {
            mix = TrafficMix.Parse(parse.GetValue(_mix)!);
        }
        catch (FormatException e)
        {
            Problem($"--mix: {e.Message}; for example {TrafficMix.DefaultText}.");
        }

        var html = parse.GetValue(_html);
        var hgrm = parse.GetValue(_hgrm);
        foreach (var (name, file) in new[] { ("--html", html), ("--hgrm", hgrm) })
        {
            var folder = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null && !Directory.Exists(folder))
            {
                Problem($"{name} {file}: the folder {folder} does not exist; create it or choose another file.");
            }
        }

        // Like serve, the secret may come from the environment, so it need not appear in a command line or a shell history.
        byte[]? keySecret = null;
        if ((parse.GetValue(_keySecret) ?? Environment.GetEnvironmentVariable("POSSIM_" + TerminalAuthSetup.SecretVariable)) is { } secretText)
        {
            if (!PanHashKeys.TryParse(secretText, out var secret))
            {
                Problem($"--terminal-key-secret (or POSSIM_{TerminalAuthSetup.SecretVariable}): {PanHashKeys.Expected}."); // the value itself is never repeated
            }
            else if (parse.GetValue(_asHost))
            {
                Problem("--terminal-key-secret and --as-host: a host link does not sign on as terminals, so it gets no working keys; choose one.");
            }
            else
            {
                keySecret = secret;
            }
        }

        var terminalMac = parse.GetValue(_terminalAuth) switch
        {
            "retail-mac" => PosSim.Core.Security.MacAlgorithm.RetailMac,
            "aes-cmac" => PosSim.Core.Security.MacAlgorithm.AesCmac,
            _ => (PosSim.Core.Security.MacAlgorithm?)null,
        };
        if (terminalMac is null)
        {
            Problem("--terminal-auth: choose retail-mac or aes-cmac, the MAC serve's TerminalAuth names.");
        }

        // The file is read last, only when the options are right: its errors are the slowest to find.
        Fleet? fleet = null;
        if (problem is null)
        {
            try
            {
                fleet = Fleet.Load(parse.GetValue(_provisioning)!);
            }
            catch (Fleet.FileException e)
            {
                Problem(e.Message);
            }
        }

        var terminals = parse.GetValue(_terminals);
        if (fleet is not null && terminals is { } t && (t < 1 || t > fleet.Terminals.Count))
        {
            Problem($"--terminals {t}: the provisioning file lists {fleet.Terminals.Count} terminals; give 1 to {fleet.Terminals.Count}.");
        }

        if (problem is not null)
        {
            error.WriteLine($"error: {problem}");
            return false;
        }

        settings = new LoadSettings
        {
            Target = target,
            Codec = iso.Codec,
            Framing = iso.Framing,
            Header = LoadInputs.DefaultHeader(iso.Framing.HeaderLength),
            Fleet = fleet!,
            Terminals = terminals ?? 0,
            Connections = connections,
            Rate = rate,
            InFlight = inFlight ?? 8,
            Duration = duration,
            Warmup = warmup,
            Timeout = timeout,
            Mix = scenario?.Mix ?? mix,
            Schedule = scenario?.Schedule,
            Scenario = scenario?.Name,
            Amounts = scenario?.Amounts,
            AsHost = parse.GetValue(_asHost),
            Seed = parse.GetValue(_seed),
            TerminalKeySecret = keySecret,
            TerminalMac = terminalMac ?? default,
        };
        outputs = new LoadOutputs(parse.GetValue(_json), html, hgrm);
        return true;
    }

    private ScenarioTraffic? Scenario(ParseResult parse, string path, Action<string> problem)
    {
        var speed = 1.0;
        if (parse.GetValue(_speed) is { } speedText
            && (!double.TryParse(speedText, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out speed) || speed <= 0 || speed > 1_000_000))
        {
            problem($"--speed {speedText}: give a number above 0 and at most 1000000 (3600 plays an hour a second).");
            return null;
        }

        try
        {
            return ScenarioTraffic.From(ScenarioLoader.Load(path), speed);
        }
        catch (ScenarioException e)
        {
            problem(e.Message);
            return null;
        }
    }

    private static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static TimeSpan Duration(Option<string> option, TimeSpan least, ParseResult parse, Action<string> problem)
    {
        var text = parse.GetValue(option)!;
        if (!LoadInputs.TryDuration(text, out var value) || value < least)
        {
            problem($"{option.Name} {text}: give {LoadInputs.DurationForm}{(least > TimeSpan.Zero ? $", at least {least.TotalMilliseconds:0}ms" : "")}.");
        }

        return value;
    }
}
