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
        foreach (var option in new Option[] { listen, dialect, framing, data, role, issuer, headerLength, inMemory, terminals, cards })
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
            if (parse.GetValue(inMemory))
            {
                overrides["Serve:Durable"] = "false";
            }

            return await RunAsync(overrides, parse.InvocationConfiguration.Output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Builds the host from configuration plus <paramref name="overrides"/> and runs it until stopped.</summary>
    public static async Task<int> RunAsync(IDictionary<string, string?> overrides, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        builder.Configuration.AddEnvironmentVariables("POSSIM_");
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var options = builder.Configuration.GetSection("Serve").Get<ServeOptions>() ?? new ServeOptions();
        if (Validate(options) is { } problem)
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
        catch (Exception e)
        {
            // The process boundary: one line a person can act on, never a stack trace (the log has the detail).
            await stderr.WriteLineAsync($"error: the server stopped: {e.Message}").ConfigureAwait(false);
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

        if (o.Role is not ("all" or "switch" or "issuer"))
        {
            return $"--role {o.Role}: choose all, switch or issuer.";
        }

        if (o.Role == "switch" && (o.Issuer is null || !Endpoints.TryParse(o.Issuer, out _, out _)))
        {
            return "--role switch needs --issuer HOST:PORT, the address of the issuer to forward to.";
        }

        if (o.HeaderLength is < 0 or > 64 || o.Terminals < 1 || o.Cards < 1 || o.Merchants < 1)
        {
            return "--header-length takes 0 to 64 bytes; --terminals and --cards at least 1.";
        }

        return null;
    }
}
