using System.CommandLine;
using PosSim.Cli.Commands.Iso;
using PosSim.Cli.Commands.Load;
using PosSim.Host.Serve;
using PosSim.Load;
using PosSim.Load.Outputs;

namespace PosSim.Cli.Commands;

/// <summary>`possim load` (docs/load.md): a fleet of simulated terminals driving an ISO 8583 endpoint, with latency percentiles.</summary>
internal static class LoadCommand
{
    private const string Description =
        "Drive an ISO 8583 switch (possim serve, or your own) with a fleet of simulated terminals and measure it. Each " +
        "terminal signs on, keeps its own STAN sequence and batch, sends a mix of purchases, refunds, voids and echo tests " +
        "with the cards and terminals of a provisioning file, and closes its batch (0500) at the end.\n\n" +
        "Open loop (--rate): requests leave at fixed intended times and latency counts from the intended time, so a stall " +
        "of the switch shows in the percentiles. Closed loop (default): --in-flight requests per connection, each sent " +
        "when the last is answered.\n\n" +
        "A status line (rate, errors, p50, p99) goes to stderr once a second on a terminal; at the end a table, or with " +
        "--json one JSON object, on stdout. Exit codes: 0 when it ran (whatever the switch answered), 1 when the target " +
        "could not be reached, 2 on a bad option or file.\n\n" +
        "Examples:\n" +
        "  possim load --duration 30s --in-flight 16 --connections 16\n" +
        "  possim load --target 10.0.0.5:6000 --dialect my-switch.json --framing ascii4 --provisioned fleet.csv --rate 2000/s\n" +
        "  possim load --rate 5000/s --duration 1m --json --html load.html --hgrm load.hgrm\n" +
        "  possim load --scenario scenarios/00-happy-week.yaml --speed 3600";

    public static Command Create()
    {
        var command = new Command("load", Description);
        var iso = new IsoOptions(defaultDialect: "iso87-ascii");
        iso.AddTo(command);
        var o = new LoadOptions();
        o.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (!iso.TryResolve(parse, stderr, out var isoSettings) || !o.TryResolve(parse, isoSettings, stderr, out var settings, out var outputs))
            {
                return ExitCodes.BadInput;
            }

            using var live = LiveStatus.For(stderr);
            LoadResult result;
            try
            {
                result = await LoadRun.RunAsync(settings, live.Show, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while connecting or signing on: nothing was measured, so there is nothing to report.
                live.Clear();
                await stderr.WriteLineAsync("error: stopped before the run started; nothing was measured.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (LoadConnectException e)
            {
                live.Clear();
                await stderr.WriteLineAsync($"error: {e.Message}. Is the switch running there (possim serve listens on 127.0.0.1:5800 by default)?").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            live.Clear();
            return await WriteOutputsAsync(result, outputs, stdout, stderr).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> WriteOutputsAsync(LoadResult result, LoadOutputs outputs, TextWriter stdout, TextWriter stderr)
    {
        if (outputs.Json)
        {
            using var buffer = new MemoryStream();
            LoadJson.Write(buffer, result);
            await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        }
        else
        {
            LoadTable.Write(Terminal.For(stdout), result);
        }

        try
        {
            if (outputs.Html is { } html)
            {
                await using var writer = new StreamWriter(html);
                LoadHtml.Write(writer, result);
            }

            if (outputs.Hgrm is { } hgrm)
            {
                await using var writer = new StreamWriter(hgrm);
                LoadHgrm.Write(writer, result);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: cannot write the output file: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }
}
