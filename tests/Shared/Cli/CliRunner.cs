namespace PosSim.Cli.Tests;

/// <summary>Runs `possim` in-process with captured streams.</summary>
internal static class CliRunner
{
    public static CliResult RunWithStdin(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, new StringReader(stdin), output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static CliResult Run(params string[] args) => RunWithStdin("", args);
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
