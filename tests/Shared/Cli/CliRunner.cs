using PosSim.Cli;

namespace PosSim.Tests.Shared;

/// <summary>Runs `possim` in-process, through <see cref="Program.Run(string[], TextReader, TextWriter, TextWriter)"/>, with captured streams.</summary>
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

/// <summary>What a `possim` run gave back; deconstructs as <c>var (code, stdout, stderr) = ...</c>.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
