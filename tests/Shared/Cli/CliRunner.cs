using System.Diagnostics;
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

    /// <summary>
    /// Runs `possim` as a child process (`dotnet possim.dll`), for what only a process has of its own: environment
    /// variables, a working folder, the time zone and culture. Killed, with its children, when it outlives
    /// <paramref name="limit"/>.
    /// </summary>
    public static async Task<CliResult> RunProcessAsync(string[] args, IEnumerable<(string Name, string Value)>? environment = null, string? workingDirectory = null, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "possim.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a `possim` run gave back; deconstructs as <c>var (code, stdout, stderr) = ...</c>.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
