using System.CommandLine;
using PosSim.Cli.Commands;

namespace PosSim.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, TextReader.Null, stdout, stderr);

    /// <summary>Runs the command line with the given standard streams, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRootCommand(stdin);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?"))
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine($"Run '{CommandPath(parse)} --help' to see what it takes.");
            return ExitCodes.BadInput;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return parse.Invoke(config);
    }

    public static RootCommand BuildRootCommand(TextReader stdin)
    {
        var root = new RootCommand(
            "PosSim: a payment switch settlement simulator. POS terminals, an acquirer switch, an issuer and a bank " +
            "ledger speaking ISO 8583; fault injection; settlement; reconciliation.");
        root.Subcommands.Add(IsoCommand.Create(stdin));
        root.Subcommands.Add(MatchCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(CaseCommand.Create(stdin));
        root.Subcommands.Add(DeskCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command is RootCommand ? "possim" : r.Command.Name);
        }

        return string.Join(' ', names);
    }
}
