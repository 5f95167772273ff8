using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using PosSim.Core.Accounts;
using PosSim.Iso8583;
using PosSim.Ledger;
using PosSim.Ledger.Storage;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using Xunit.Abstractions;

namespace PosSim.Host.Tests;

/// <summary>
/// `possim serve` itself, the process and the path it runs (core loop, group commit, SQLite ledger and tranlog), is
/// killed with SIGKILL at random moments while terminals buy; after each kill the ledger on disk must hold the hold of
/// every purchase a terminal heard "00" for, exactly once, and rebuild with its invariants; the tranlog must hold its
/// row with the RRN and approval code the terminal heard; no RRN or approval code may be given twice; and after the
/// restart, purchases approved before the kill, sent again, are answered as duplicates. 20 kills in the suite;
/// POSSIM_SOAK=1 runs 300.
/// </summary>
public sealed class ServeCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "possim-crash-" + Guid.NewGuid().ToString("N"));
    private long _amountSequence;
    private long _runs;

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Every_approval_a_terminal_heard_is_in_the_ledger_and_the_tranlog_after_a_sigkill_exactly_once_and_replays_are_duplicates()
    {
        var soak = Environment.GetEnvironmentVariable("POSSIM_SOAK") == "1";
        var kills = soak ? 300 : 20;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var approved = new List<Heard>();
        var sent = new HashSet<long>();
        var replays = 0;
        List<Heard> previous = [];
        for (var run = 0; run < kills; run++)
        {
            var (heard, tried, replayed) = await RunAndKillAsync(random, previous.TakeLast(3).ToList(), $"seed {seed}, run {run}");
            replays += replayed;
            approved.AddRange(heard);
            sent.UnionWith(tried);
            previous = heard;
            Verify(approved, sent, $"seed {seed}, run {run}");
        }

        output.WriteLine($"seed {seed}: {kills} kills, {approved.Count} approvals heard, all found in the ledger and the tranlog exactly once; " +
            $"{replays} replays after restarts, all answered 94; no RRN or approval code given twice");
        Assert.True(approved.Count > kills, "the terminals should have been approved many times between kills");
    }

    /// <summary>What a terminal heard "00" for: the request as sent, and the RRN and approval code it got.</summary>
    private sealed record Heard(int Card, long Amount, string Rrn, string AuthCode, IsoMessage Request);

    private async Task<(List<Heard> Heard, List<long> Tried, int Replayed)> RunAndKillAsync(Random random, List<Heard> replay, string context)
    {
        using var child = StartServe();
        var endPoint = await ReadEndPointAsync(child);
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(_data, "provisioned.json")));
        var heard = new ConcurrentBag<Heard>();
        var tried = new ConcurrentBag<long>();
        await using var client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = endPoint, DefaultTimeout = TimeSpan.FromSeconds(10), Reconnect = false });

        // Approved before the kill, sent again after the restart (a terminal that never heard the answer retries): the
        // restarted server must know them and refuse them, not approve and hold a second time.
        foreach (var again in replay)
        {
            var answer = await client.SendAsync(again.Request);
            Assert.True(answer.ResponseCode == ResponseCodes.Duplicate, $"{context}: the replay of {again.Amount} approved before the kill was answered {answer.ResponseCode}");
        }

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => BuyAsync(client, provisioned, w, heard, tried, stop.Token))).ToArray();

        await Task.Delay(random.Next(50, 600));
        child.Kill(); // SIGKILL on Linux: no flush, no goodbye
        await child.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return ([.. heard], [.. tried], replay.Count);
    }

    /// <summary>One terminal buying as fast as it is answered, each purchase with an amount never used before.</summary>
    private async Task BuyAsync(IsoClient client, Provisioning provisioned, int worker, ConcurrentBag<Heard> heard, ConcurrentBag<long> tried, CancellationToken stop)
    {
        var terminal = provisioned.Terminals[worker % provisioned.Terminals.Count];

        // A STAN range of its own per run, so a purchase of this run is never taken for a replay of an earlier one.
        var messages = new TerminalMessages(terminal.TerminalId, terminal.MerchantId, firstStan: 1 + (int)(Interlocked.Increment(ref _runs) % 900 * 1000));
        var cardIndex = worker; // the first cards hold a large balance (every tenth holds 50.00)
        var card = provisioned.Cards[cardIndex];
        var request = new IsoMessage();
        var response = new IsoMessage();
        while (!stop.IsCancellationRequested)
        {
            var amount = 1_00 + Interlocked.Increment(ref _amountSequence);
            messages.WritePurchase(request, new CardRead(card.Pan, card.Expiry), amount, DateTimeOffset.Now);
            tried.Add(amount);
            try
            {
                await client.SendAsync(request, response, cancellationToken: stop);
            }
            catch (Exception e) when (e is IOException or IsoTimeoutException or OperationCanceledException or InvalidOperationException)
            {
                return; // the server is gone: what was not answered was never promised
            }

            if (response.ResponseCode == ResponseCodes.Approved)
            {
                var sentCopy = new IsoMessage();
                request.CopyTo(sentCopy);
                heard.Add(new Heard(cardIndex, amount, response.Rrn ?? "", response.AuthCode ?? "", sentCopy));
            }
        }
    }

    private void Verify(List<Heard> approved, HashSet<long> sent, string context)
    {
        using var store = new SqliteLedgerStore(Path.Combine(_data, "ledger.db"));
        var ledger = Ledger.Ledger.Rebuild(store, TimeProvider.System); // checks the deep invariants, throws when corrupt
        Assert.True(ledger.GetTotals().IsBalanced, context);

        // Holds taken for purchases: from a cardholder's account to the scheme, pending.
        var holds = ledger.GetTransfers()
            .Where(t => (t.Flags & TransferFlags.Pending) != 0 && t.CreditAccountId == AccountIds.Scheme && sent.Contains(t.Amount))
            .GroupBy(t => (t.DebitAccountId, t.Amount))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(holds, h => Assert.True(h.Value == 1, $"{context}: {h.Value} holds of {h.Key.Amount} on one card"));
        foreach (var a in approved)
        {
            Assert.True(holds.ContainsKey((AccountIds.ForCardholder(a.Card), a.Amount)), $"{context}: the approval of {a.Amount} heard by a terminal has no hold in the ledger");
        }

        // The tranlog: the row of every approval heard, with what the terminal heard; no RRN or approval code twice.
        using var db = new SqliteConnection($"Data Source={Path.Combine(_data, "tranlog.db")};Mode=ReadOnly;Pooling=false");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT amount_minor, rrn, auth_code, response_code FROM tranlog";
        var rows = new List<(long Amount, string Rrn, string AuthCode, string Code)>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var byAmount = rows.Where(r => r.Code == ResponseCodes.Approved).ToLookup(r => r.Amount);
        foreach (var a in approved)
        {
            var row = Assert.Single(byAmount[a.Amount]);
            Assert.True((row.Rrn, row.AuthCode) == (a.Rrn, a.AuthCode), $"{context}: the tranlog says {row.Rrn}/{row.AuthCode} for {a.Amount}, the terminal heard {a.Rrn}/{a.AuthCode}");
        }

        var reusedRrn = rows.GroupBy(r => r.Rrn).FirstOrDefault(g => g.Count() > 1);
        Assert.True(reusedRrn is null, $"{context}: RRN {reusedRrn?.Key} was given to {reusedRrn?.Count()} requests");
        var reusedCode = rows.Where(r => r.AuthCode.Length > 0).GroupBy(r => r.AuthCode).FirstOrDefault(g => g.Count() > 1);
        Assert.True(reusedCode is null, $"{context}: approval code {reusedCode?.Key} was given {reusedCode?.Count()} times");
    }

    private Process StartServe()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // No diagnostics IPC: a SIGKILLed runtime would leave its debug pipes and socket behind in /tmp.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "possim.dll"));
        foreach (var arg in (string[])["serve", "--data", _data, "--listen", "127.0.0.1:0", "--terminals", "4", "--cards", "8"])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task<IPEndPoint> ReadEndPointAsync(Process child)
    {
        _ = child.StandardError.ReadToEndAsync(); // the log: drained so the child never blocks on a full pipe
        using var timeout = new CancellationTokenSource(Patience);
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening on ", StringComparison.Ordinal))
            {
                _ = child.StandardOutput.ReadToEndAsync();
                return IPEndPoint.Parse(line["listening on ".Length..].Trim());
            }
        }

        throw new InvalidOperationException($"possim serve exited (code {child.ExitCode}) before listening.");
    }
}
