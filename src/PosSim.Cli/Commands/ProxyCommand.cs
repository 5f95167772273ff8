using System.CommandLine;
using PosSim.Cli.Commands.Iso;
using PosSim.Cli.Commands.Proxy;

namespace PosSim.Cli.Commands;

/// <summary>`possim proxy` (docs/proxy.md): a frame-aware fault proxy between terminals and a switch, or a switch and an issuer.</summary>
internal static class ProxyCommand
{
    public static Command Create()
    {
        var command = new Command(
            "proxy",
            "Sit between terminals and a switch (or a switch and an issuer) and break the link on purpose: transport faults " +
            "(latency, bandwidth, slicing, a hang, a reset, a close after N bytes) and ISO 8583 faults (drop, delay, duplicate, " +
            "corrupt, hold a reversal, stand in with a response code) on the messages you pick. Frames no fault touches pass " +
            "byte for byte. Faults come from --faults FILE and change at run time through the HTTP API on --api. Every fault " +
            "applied is one JSON line in the hit log (PAN masked). Prints 'listening on HOST:PORT' when ready; stop with Ctrl+C.\n\n" +
            "Examples:\n" +
            "  possim proxy --upstream 127.0.0.1:5800 --faults faults.json --api 127.0.0.1:6801\n" +
            "  possim proxy --listen 127.0.0.1:6800 --upstream 10.0.0.5:7000 -d iso87-binary -f bcd2 --header-length 5 --log hits.ndjson --seed 42");
        var iso = new IsoOptions();

        // As `possim serve`: the dialect may be left out, and is then iso87-ascii.
        iso.Dialect.Required = false;
        iso.Dialect.DefaultValueFactory = _ => "iso87-ascii";
        var listen = new Option<string>("--listen") { Description = "Address terminals connect to, HOST:PORT (port 0: any free port).", DefaultValueFactory = _ => "127.0.0.1:6800", HelpName = "HOST:PORT" };
        var upstream = new Option<string>("--upstream") { Description = "The switch (or issuer) each connection is forwarded to, HOST:PORT.", Required = true, HelpName = "HOST:PORT" };
        var faults = new Option<string?>("--faults") { Description = "Faults to apply from the start: a JSON file, or YAML when it ends in .yaml or .yml (see docs/proxy.md).", HelpName = "FILE" };
        var api = new Option<string?>("--api") { Description = "Serve the fault API on this loopback address, such as 127.0.0.1:6801. Off when not given.", HelpName = "HOST:PORT" };
        var log = new Option<string?>("--log") { Description = "Write the hit log (one JSON line per fault applied) to FILE instead of stdout.", HelpName = "FILE" };
        var seed = new Option<int>("--seed") { Description = "Seed for every random choice (toxicity, probability, jitter, slice sizes): the same seed and traffic give the same faults.", DefaultValueFactory = _ => 1, HelpName = "N" };
        iso.AddTo(command);
        foreach (var option in new Option[] { listen, upstream, faults, api, log, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (!iso.TryResolve(parse, stderr, out var settings))
            {
                return ExitCodes.BadInput;
            }

            var arguments = new ProxyArguments(
                parse.GetValue(listen)!,
                parse.GetValue(upstream)!,
                settings,
                parse.GetValue(faults),
                parse.GetValue(api),
                parse.GetValue(log),
                parse.GetValue(seed));
            return await ProxyRunner.RunAsync(arguments, stdout, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
