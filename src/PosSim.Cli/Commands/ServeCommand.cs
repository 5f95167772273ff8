using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;

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
            "the command line wins. Stop with Ctrl+C: requests in flight are answered first.\n\n" +
            "Examples:\n" +
            "  possim serve\n" +
            "  possim serve --listen 127.0.0.1:0 --dialect iso87-binary --framing bcd2 --data /tmp/possim\n" +
            "  possim serve --role issuer --listen 127.0.0.1:5900 &  possim serve --role switch --issuer 127.0.0.1:5900");
        var listen = new Option<string>("--listen") { Description = "Address to accept terminals on, HOST:PORT (port 0: any free port). Default 127.0.0.1:5800.", HelpName = "HOST:PORT" };
        var dialect = new Option<string>("--dialect", "-d") { Description = "Dialect terminals speak: a built-in name or a dialect JSON file. Default iso87-ascii.", HelpName = "NAME|FILE.json" };
        var framing = new Option<string>("--framing", "-f") { Description = "Length header: none is not possible on a stream; binary2 (default), ascii4 or bcd2.", HelpName = "NAME" };
        framing.AcceptOnlyFromAmong("binary2", "ascii4", "bcd2");
        var data = new Option<string>("--data") { Description = "Folder for provisioned.json, the ledger and the transaction log. Default ./possim-data.", HelpName = "DIR" };
        var role = new Option<string>("--role") { Description = "all (default): switch, issuer and ledger here. switch: forward to --issuer. issuer: answer an external switch.", HelpName = "ROLE" };
        role.AcceptOnlyFromAmong("all", "switch", "issuer");
        var issuer = new Option<string>("--issuer") { Description = "With --role switch: the issuer's HOST:PORT.", HelpName = "HOST:PORT" };
        var headerLength = new Option<int?>("--header-length") { Description = "Bytes of fixed header before the MTI, such as 5 for a TPDU (returned with addresses swapped).", HelpName = "BYTES" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the ledger and the transaction log in memory only (no durability, nothing written but the exported files): for benchmarks and throwaway runs." };
        var terminals = new Option<int?>("--terminals") { Description = "How many demo terminals to provision (default 20).", HelpName = "N" };
        var cards = new Option<int?>("--cards") { Description = "How many demo cards to issue (default 100; every tenth holds only 50.00).", HelpName = "N" };
        var metrics = new Option<string>("--metrics") { Description = "Serve the metrics for Prometheus at http://HOST:PORT/metrics (docs/metrics.md). Off unless given.", HelpName = "HOST:PORT" };
        var verbose = new Option<bool>("--verbose") { Description = "When the server cannot start or stops on a failure, print the exception's full detail too." };
        foreach (var option in new Option[] { listen, dialect, framing, data, role, issuer, headerLength, inMemory, terminals, cards, metrics, verbose })
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

            return await RunAsync(overrides, parse.InvocationConfiguration.Output, error, cancellationToken, parse.GetValue(verbose)).ConfigureAwait(false);
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
            // appsettings.json that is not JSON: say where, as the JSON reader found it.
            var where = e.InnerException?.InnerException is System.Text.Json.JsonException json
                ? $" at line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}"
                : "";
            await stderr.WriteLineAsync($"error: appsettings.json is not valid JSON{where}; fix it or move it away (possim serve reads the \"Serve\" section of appsettings.json in the current folder)").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        builder.Configuration.AddEnvironmentVariables("POSSIM_");
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // The host logs a failed start with its stack trace; the line below says it for people, the trace is for --verbose.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", verbose ? LogLevel.Warning : LogLevel.None);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var options = ServeSettings.Read(builder.Configuration, out var settingProblem);
        if ((settingProblem ?? Validate(options)) is { } problem)
        {
            await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(stdout);
        var outcome = new ServeOutcome();
        builder.Services.AddSingleton(outcome);
        builder.Services.AddHostedService<AcquirerService>();
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Fault is { } fault)
            {
                await stderr.WriteLineAsync($"error: the server stopped because its core failed: {fault.Message} (details in the log above); fix the cause and start it again on the same --data folder.").ConfigureAwait(false);
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

    private static string? Validate(ServeOptions o)
    {
        if (!Endpoints.TryParse(o.Listen, out _, out var problem))
        {
            return $"--listen: {problem}.";
        }

        try
        {
            Dialect.Load(o.Dialect);
            if (o.Role == "switch")
            {
                Dialect.Load(o.IssuerDialect);
            }
        }
        catch (DialectException e)
        {
            return e.Message;
        }

        if (!MessageFraming.Names.Contains(o.Framing) || o.Framing == "none")
        {
            return $"--framing {o.Framing}: a stream needs a length header: binary2, ascii4 or bcd2.";
        }

        if (o.Metrics is { } metricsAt && !Endpoints.TryParse(metricsAt, out _, out var metricsProblem))
        {
            return $"--metrics: {metricsProblem}.";
        }

        if (o.Role is not ("all" or "switch" or "issuer"))
        {
            return $"--role {o.Role}: choose all, switch or issuer.";
        }

        if (o.Role == "switch" && (o.Issuer is null || !Endpoints.TryParse(o.Issuer, out _, out _)))
        {
            return "--role switch needs --issuer HOST:PORT, the address of the issuer to forward to.";
        }

        if (!MessageFraming.Names.Contains(o.IssuerFraming) || o.IssuerFraming == "none")
        {
            return $"Serve:IssuerFraming {o.IssuerFraming}: a stream needs a length header: binary2, ascii4 or bcd2.";
        }

        return null;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
