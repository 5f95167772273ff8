using System.CommandLine;

namespace PosSim.Cli.Tests;

/// <summary>What a command throws that nothing foresaw is one line and exit 1; its stack trace only with --verbose.</summary>
public class VerboseTests
{
    private static (int Code, string Stderr) RunThrowing(bool async, params string[] args)
    {
        var root = new RootCommand();
        var boom = new Command("boom");
        if (async)
        {
            boom.SetAction((_, _) => Task.FromException<int>(new InvalidOperationException("outer", new IOException("the disk is full"))));
        }
        else
        {
            boom.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("outer", new IOException("the disk is full"))));
        }

        root.Subcommands.Add(boom);
        Program.AddVerbose(root);
        var stderr = new StringWriter();

        var code = Program.Run(root, args, TextWriter.Null, stderr);

        return (code, stderr.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unexpected_exception_is_its_cause_in_one_line_with_exit_1(bool async)
    {
        var (code, stderr) = RunThrowing(async, "boom");

        Assert.Equal(1, code);
        Assert.Equal("error: the disk is full (run with --verbose for the detail)", stderr.Trim());
    }

    [Theory]
    [InlineData("boom", "--verbose")]
    [InlineData("--verbose", "boom")]
    public void With_verbose_anywhere_the_detail_follows_the_line(params string[] args)
    {
        var (code, stderr) = RunThrowing(async: true, args);

        Assert.Equal(1, code);
        Assert.StartsWith("error: the disk is full" + Environment.NewLine + "System.InvalidOperationException: outer", stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_takes_verbose()
    {
        var root = Program.BuildRootCommand(TextReader.Null);

        foreach (var command in root.Subcommands)
        {
            Assert.Empty(root.Parse([command.Name, "--verbose", "--help"]).Errors);
        }
    }
}
