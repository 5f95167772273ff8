using System.Net;
using PosSim.Desk;
using PosSim.Simulation.Outputs;
using PosSim.Simulation.Support.Cases;
using PosSim.Tests.Shared;

namespace PosSim.Desk.Tests;

/// <summary>
/// 05-clearing-records played once, in process: its sale "dropped" (T0000001, 2026-03-02 09:10, 56.00) was never
/// presented, so its money is still a hold at the issuer. Tests work on copies, so each starts with no case.
/// </summary>
public sealed class ClearingRecordsRun : IDisposable
{
    private readonly TempFolder _folder = new("possim-desk-run-");

    public ClearingRecordsRun()
    {
        Dir = _folder.Path;
        var recipe = RunRecipe.Of(RepoRoot.Combine("scenarios", "05-clearing-records.yaml"), [], 5);
        recipe.Play(recipe.Scenario(), Dir, []);
    }

    public string Dir { get; }

    /// <summary>A run folder of its own: the records and the recipe (an approval plays the run again into it).</summary>
    internal TempFolder Copy()
    {
        var copy = new TempFolder("possim-desk-");
        File.Copy(Path.Combine(Dir, RunDatabase.FileName), copy.Sub(RunDatabase.FileName));
        File.Copy(Path.Combine(Dir, RunRecipe.FileName), copy.Sub(RunRecipe.FileName));
        return copy;
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>A desk on 127.0.0.1 (any free port) over a copy of the run, and a client that keeps cookies and does not follow redirects.</summary>
internal sealed class RunningDesk : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private RunningDesk(TempFolder folder, DeskServer server, string? token)
    {
        _folder = folder;
        Server = server;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.Address };
        Token = token;
    }

    public DeskServer Server { get; }

    public HttpClient Client { get; }

    public string? Token { get; }

    public string Dir => _folder.Path;

    public string CaseLogPath => Path.Combine(Dir, Simulation.Support.Cases.CaseLog.FileName);

    /// <summary>
    /// The steps cases.ndjson holds now ("" when there is none): a refused step must leave them as they were. A refused
    /// attempt is noted on its own line (for grading), which changes no case, so those lines are left out here.
    /// </summary>
    public string CaseLog() => File.Exists(CaseLogPath)
        ? string.Concat(File.ReadLines(CaseLogPath).Where(l => !l.Contains("\"refused\":", StringComparison.Ordinal)).Select(l => l + "\n"))
        : "";

    public static async Task<RunningDesk> StartAsync(ClearingRecordsRun run, string language = "en", string? token = null)
    {
        var folder = run.Copy();
        var options = new DeskOptions(folder.Path, new IPEndPoint(IPAddress.Loopback, 0), CaseLanguages.Find(language)!, token);
        var server = await DeskServer.StartAsync(options, CancellationToken.None);
        return new RunningDesk(folder, server, token);
    }

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <summary>Opens the complaint about the dropped sale: merchant M0001, about 09:05, 56.00.</summary>
    public async Task OpenDroppedSaleCaseAsync()
    {
        var (status, _, location) = await PostAsync("/cases/new",
            ("merchant", "M0001"), ("time", "2026-03-02T09:05"), ("amount", "56.00"), ("words", "I took 56.00 at nine and it never arrived"), ("by", "wang"));
        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.Equal("/cases/1?done=1", location?.OriginalString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
