using System.CommandLine;
using PosSim.Cli.Commands;

namespace PosSim.Cli;

public static class Program
{
    /// <summary>
    /// `--verbose`, on every command: when a command fails on something unexpected, print the exception's full detail
    /// after its one-line error. Without it no stack trace reaches the operator. Read by name (one option object per
    /// root command, since tests build many roots at once).
    /// </summary>
    internal const string Verbose = "--verbose";

    public static int Main(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, TextReader.Null, stdout, stderr);

    /// <summary>Runs the command line with the given standard streams, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Run(BuildRootCommand(stdin), args, stdout, stderr);

    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="root"/>: the exit codes and error lines every command shares.</summary>
    internal static int Run(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
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

        // Our own handler instead of System.CommandLine's, which prints the stack trace of anything a command throws.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug or an environment no command foresaw: one line, exit 1, the detail only when asked for.
            var verbose = parse.GetValue<bool>(Verbose);
            stderr.WriteLine($"error: {e.GetBaseException().Message.ReplaceLineEndings(" ")}{(verbose ? "" : " (run with --verbose for the detail)")}");
            if (verbose)
            {
                stderr.WriteLine(e.ToString());
            }

            return ExitCodes.Failure;
        }
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
        AddVerbose(root);
        return root;
    }

    /// <summary>Adds the recursive <c>--verbose</c> option to <paramref name="root"/>.</summary>
    internal static void AddVerbose(RootCommand root) =>
        root.Options.Add(new Option<bool>(Verbose)
        {
            Description = "When the command fails (a server that cannot start or stops on a failure, an unexpected error), print the full detail after the one-line error.",
            Recursive = true,
        });

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
