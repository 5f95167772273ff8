using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PosSim.Host.Serve;

namespace PosSim.Cli.Commands;

/// <summary>`possim serve` (docs/cli.md): the acquirer switch, issuer and bank ledger behind a TCP listener.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command(
            "serve",
            "Run the acquirer switch, issuer and bank ledger and accept POS terminals over TCP. Binds to loopback unless told " +
            "otherwise, writes DIR/provisioned.json (the demo terminals and test cards it accepts) and prints 'listening on HOST:PORT' " +
            "when ready. Settings also come from appsettings.json (section \"Serve\") and POSSIM_Serve__* environment variables; " +
            "the command line wins; a bad value stops it with one line and exit 2. The key card numbers are hashed with comes from " +
            "POSSIM_PAN_HASH_KEY (hex or base64), else from DIR/pan-hash.key, created readable by its owner only. " +
            "Beyond loopback, terminals must sign on and MAC their requests (Serve:TerminalAuth: off, retail-mac or aes-cmac), " +
            "with master keys derived from POSSIM_TERMINAL_KEY_SECRET. " +
            "Stop with Ctrl+C: requests in flight are answered first.\n\n" +
            "Examples:\n" +
            "  possim serve\n" +
            "  possim serve --listen 127.0.0.1:0 --dialect iso87-binary --framing bcd2 --data /tmp/possim\n" +
            "  possim serve --role issuer --listen 127.0.0.1:5900 &  possim serve --role switch --issuer 127.0.0.1:5900");
        var listen = new Option<string>("--listen") { Description = "Address to accept terminals on, HOST:PORT (port 0: any free port). Default 127.0.0.1:5800.", HelpName = "HOST:PORT" };
        var dialect = new Option<string>("--dialect", "-d") { Description = "Dialect terminals speak: a built-in name or a dialect JSON file. Default iso87-ascii.", HelpName = "NAME|FILE.json" };

        // Values are taken as text and checked with the settings from the other sources, so a bad one reads the same
        // wherever it came from: one line with the key, the sources' names and the allowed values.
        var framing = new Option<string>("--framing", "-f") { Description = "Length header: binary2 (default), ascii4 or bcd2 (none is not possible on a stream).", HelpName = "NAME" };
        var data = new Option<string>("--data") { Description = "Folder for provisioned.json, the ledger and the transaction log. Default ./possim-data.", HelpName = "DIR" };
        var role = new Option<string>("--role") { Description = "all (default): switch, issuer and ledger here. switch: forward to --issuer. issuer: answer an external switch.", HelpName = "ROLE" };
        var issuer = new Option<string>("--issuer") { Description = "With --role switch: the issuer's HOST:PORT.", HelpName = "HOST:PORT" };
        var headerLength = new Option<string>("--header-length") { Description = "Bytes of fixed header before the MTI, 0 to 64, such as 5 for a TPDU (returned with addresses swapped).", HelpName = "BYTES" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the ledger and the transaction log in memory only (no durability, nothing written but the exported files): for benchmarks and throwaway runs." };
        var terminals = new Option<string>("--terminals") { Description = "How many demo terminals to provision, 1 to 100,000 (default 20).", HelpName = "N" };
        var cards = new Option<string>("--cards") { Description = "How many demo cards to issue, 1 to 1,000,000 (default 100; every tenth holds only 50.00).", HelpName = "N" };
        var metrics = new Option<string>("--metrics") { Description = "Serve the metrics for Prometheus at http://HOST:PORT/metrics (docs/metrics.md). Off unless given.", HelpName = "HOST:PORT" };
        foreach (var option in new Option[] { listen, dialect, framing, data, role, issuer, headerLength, inMemory, terminals, cards, metrics })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var overrides = new Dictionary<string, string?>();
            void Take<T>(Option<T> option, string key)
            {
                if (parse.GetResult(option) is not null)
                {
                    overrides[$"Serve:{key}"] = Convert.ToString(parse.GetValue(option), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Take(listen, nameof(ServeOptions.Listen));
            Take(dialect, nameof(ServeOptions.Dialect));
            Take(framing, nameof(ServeOptions.Framing));
            Take(data, nameof(ServeOptions.Data));
            Take(role, nameof(ServeOptions.Role));
            Take(issuer, nameof(ServeOptions.Issuer));
            Take(headerLength, nameof(ServeOptions.HeaderLength));
            Take(terminals, nameof(ServeOptions.Terminals));
            Take(cards, nameof(ServeOptions.Cards));
            Take(metrics, nameof(ServeOptions.Metrics));
            if (parse.GetValue(inMemory))
            {
                overrides["Serve:Durable"] = "false";
            }

            return await RunAsync(overrides, parse.InvocationConfiguration.Output, error, cancellationToken, parse.GetValue<bool>(Program.Verbose)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Builds the host from configuration plus <paramref name="overrides"/> and runs it until stopped.</summary>
    public static async Task<int> RunAsync(IDictionary<string, string?> overrides, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool verbose = false)
    {
        HostApplicationBuilder builder;
        try
        {
            builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        }
        catch (InvalidDataException e)
        {
            // appsettings.json (or appsettings.ENVIRONMENT.json) that is not JSON: say which and where, as the JSON reader found it.
            var file = System.Text.RegularExpressions.Regex.Match(e.Message, "'([^']+)'") is { Success: true } named
                ? Path.GetFileName(named.Groups[1].Value)
                : "appsettings.json";
            var where = e.InnerException?.InnerException is System.Text.Json.JsonException json
                ? $" at line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}"
                : "";
            await stderr.WriteLineAsync($"error: {file} is not valid JSON{where}; fix it or move it away (possim serve reads the \"Serve\" section of appsettings.json in the current folder)").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        builder.Configuration.AddEnvironmentVariables("POSSIM_");
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();

        // One line per log entry; an exception's stack trace only with --verbose (ServeLogFormatter).
        builder.Logging.AddConsole(o =>
        {
            o.FormatterName = ServeLogFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        builder.Logging.AddConsoleFormatter<ServeLogFormatter, ServeLogFormatterOptions>(o => o.Verbose = verbose);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // The host logs a failed start with its stack trace; the line below says it for people, the trace is for --verbose.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", verbose ? LogLevel.Warning : LogLevel.None);

        var options = ServeSettings.Read(builder.Configuration, out var settingProblem);
        if ((settingProblem ?? ServeSettings.LoggingProblem(builder.Configuration) ?? PanHashKeys.Check(options)) is { } problem)
        {
            await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (DataFolderProblem(options.Data) is { } dataProblem)
        {
            await stderr.WriteLineAsync($"error: {dataProblem}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (PanHashKeys.UnusedFileBesideHashes(options))
        {
            await stderr.WriteLineAsync($"warning: the PAN hashing key comes from the settings, but {Path.Combine(options.Data, PanHashKeys.FileName)} is still beside the hashes it protects; once the key is kept elsewhere, delete the file").ConfigureAwait(false);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(stdout);
        var outcome = new ServeOutcome();
        builder.Services.AddSingleton(outcome);
        builder.Services.AddHostedService<AcquirerService>();
        IHost host;
        try
        {
            // Settings outside the "Serve" section (Logging:LogLevel:Default=loud, say) are bound here or when the first
            // logger is made: a bad one is the operator's to fix, so it is a bad-input line too.
            host = builder.Build();
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PosSim.Serve");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            await stderr.WriteLineAsync($"error: a setting outside the \"Serve\" section is not valid: {OneLine(e.Message)}").ConfigureAwait(false);
            if (verbose)
            {
                await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        using (host)
        {
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Fault is { } fault)
                {
                    await stderr.WriteLineAsync($"error: the server stopped because its core failed: {OneLine(fault.Message)} (details in the log above); fix the cause and start it again on the same --data folder.").ConfigureAwait(false);
                    return ExitCodes.Failure;
                }

                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                await stderr.WriteLineAsync($"error: {options.Listen} is already in use by another process; stop it, or listen elsewhere with --listen HOST:PORT (port 0 takes any free port)").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (PosSim.Host.Stores.StoreRefusedException e)
            {
                // The data folder cannot be trusted (damaged, or its two files disagree): bad input, like a bad setting.
                await stderr.WriteLineAsync($"error: {OneLine(e.Message)}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (PanHashKeyException e)
            {
                // Checked above; this is the rare race with a file changed in between.
                await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (Exception e)
            {
                // The process boundary: one line a person can act on; the detail only when asked for.
                await stderr.WriteLineAsync($"error: the server stopped: {OneLine(e.Message)}{(verbose ? "" : " (run with --verbose for the detail)")}").ConfigureAwait(false);
                if (verbose)
                {
                    await stderr.WriteLineAsync(e.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.Failure;
            }
        }
    }

    /// <summary>
    /// Whether the data folder can be made and written, asked before anything starts: the answer then names the
    /// folder, where a failure deep in a store would name a file in it, or a path part, and leave a half-started server.
    /// </summary>
    private static string? DataFolderProblem(string data)
    {
        try
        {
            Directory.CreateDirectory(data);
            var probe = Path.Combine(data, $".possim-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the data folder '{data}' (--data, Serve:Data) cannot be created or written: {OneLine(e.Message)}";
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
