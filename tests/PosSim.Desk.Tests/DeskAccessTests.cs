using System.Net;
using PosSim.Tests.Shared;

namespace PosSim.Desk.Tests;

/// <summary>
/// Who may use the desk: anyone on this machine when it listens on loopback; on any other address only someone
/// holding the token given to `possim desk --token`, and it will not start there without one.
/// </summary>
public sealed class DeskAccessTests(ClearingRecordsRun run) : IClassFixture<ClearingRecordsRun>
{
    private const string Token = "a1b2c3d4e5f6a7b8";

    [Fact]
    public void The_desk_on_an_address_other_than_loopback_without_a_token_refuses_to_start()
    {
        var result = CliRunner.Run("desk", "--run", run.Dir, "--listen", "0.0.0.0:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --listen 0.0.0.0:0: ", line, StringComparison.Ordinal);
        Assert.Contains("--token", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_run_is_refused_with_one_line()
    {
        using var empty = new TempFolder("possim-desk-empty-");

        var result = CliRunner.Run("desk", "--run", empty.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {empty.Path}: not a run folder (no run.sqlite); give --run the folder `possim run --out DIR` wrote\n", result.Stderr);
    }

    [Theory]
    [InlineData("", "give the run folder (--run DIR) or a scenario")]
    [InlineData("--run RUN --lang fr", "--lang 'fr' is not a language the desk speaks")]
    [InlineData("--run RUN --listen nowhere", "--listen: 'nowhere' is not HOST:PORT")]
    [InlineData("--run RUN --listen 127.0.0.1:0 --token short", "--token: give at least 12 characters")]
    [InlineData("--run RUN --seed 3", "--seed and --out go with --scenario")]
    public void Bad_options_exit_2_with_one_error_line(string args, string expected)
    {
        var result = CliRunner.Run(["desk", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "RUN" ? run.Dir : a)]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_a_request_without_it_is_refused_and_the_token_given_once_is_kept_in_a_cookie()
    {
        await using var desk = await RunningDesk.StartAsync(run, token: Token);

        var (without, withoutBody, _) = await desk.GetAsync("/cases");
        var (wrong, _, _) = await desk.GetAsync("/cases?token=not-the-token");
        var (given, _, location) = await desk.GetAsync("/search?rrn=1&token=" + Token);
        var (after, _, _) = await desk.GetAsync("/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, without);
        Assert.Contains("?token=", withoutBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Redirect, given);
        Assert.Equal("/search?rrn=1", location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task With_a_token_a_tool_may_carry_it_in_a_header()
    {
        await using var desk = await RunningDesk.StartAsync(run, token: Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/cases", UriKind.Relative));
        request.Headers.Add("X-Desk-Token", Token);

        using var response = await desk.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
