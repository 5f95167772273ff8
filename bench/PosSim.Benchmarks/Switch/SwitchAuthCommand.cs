using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Benchmarks.Transport;
using PosSim.Host.Serve;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Transport;
using PosSim.Simulation.Terminals;

namespace PosSim.Benchmarks.Switch;

/// <summary>
/// End-to-end authorisations over loopback: `possim serve` (switch, issuer and ledger) under N terminal
/// connections with D purchases in flight each, and in the same run the raw framed echo on the same transport at
/// the same N and D, the ceiling our overhead is measured against.
/// </summary>
public static class SwitchAuthCommand
{
    private const string Usage = """
        switch-auth [--connections N] [--depth D] [--seconds S] [--warmup S] [--durable true|false] [--server raw|switch|both]
          Every connection is one provisioned terminal; each purchase is 1.00 from one of 100 well-funded cards,
          so nothing is declined for funds. --durable true commits the ledger to SQLite every loop turn.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return 2;
        }

        var connections = settings.Int("connections", 16);
        var durable = settings.Get("durable", "false") == "true";
        var framing = MessageFraming.Parse("binary2");
        var options = new LoadGeneratorOptions
        {
            Framing = framing,
            Connections = connections,
            Depth = settings.Int("depth", 16),
            Duration = TimeSpan.FromSeconds(settings.Int("seconds", 10)),
            Warmup = TimeSpan.FromSeconds(settings.Int("warmup", 3)),
        };

        Console.WriteLine($"# switch-auth {string.Join(' ', args)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores; load average before: {CommandArgs.LoadAverage()}; " +
            $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (possim itself runs server GC: set DOTNET_gcServer=1 to match it)");
        var which = settings.Get("server", "both");
        if (which is "raw" or "both")
        {
            await using var echo = await RawEchoServer.StartAsync(SocketTransport.Default, new IPEndPoint(IPAddress.Loopback, 0), framing);
            options.EndPoint = echo.EndPoint;
            Report("raw echo", await LoadGenerator.RunAsync(options));
        }

        if (which is "switch" or "both")
        {
            var data = Path.Combine(Path.GetTempPath(), $"possim-bench-{Guid.NewGuid():N}");
            var service = new AcquirerService(
                new ServeOptions { Listen = "127.0.0.1:0", Data = data, Terminals = connections, Cards = 100, Durable = durable },
                TextWriter.Null,
                NullLoggerFactory.Instance);
            await service.StartAsync(CancellationToken.None);
            try
            {
                var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(data, "provisioned.json")));
                var cardsRead = provisioned.Cards.Where(c => c.BalanceMinor > 1_000_00).Select(c => new CardRead(c.Pan, c.Expiry)).ToArray();
                var sentAt = new DateTimeOffset(2026, 11, 29, 14, 2, 0, TimeSpan.FromHours(8));
                options.EndPoint = service.EndPoint!;
                options.IsSuccess = r => ResponseCodes.Of(r) == ResponseCodes.Approved;
                options.Request = (request, connection, worker) =>
                {
                    // Built once per worker; the generator sets a fresh STAN (field 11) on every send.
                    var terminal = provisioned.Terminals[connection];
                    new TerminalMessages(terminal.TerminalId, terminal.MerchantId)
                        .WritePurchase(request, cardsRead[((connection * 31) + worker) % cardsRead.Length], 1_00, sentAt);
                };
                Report(durable ? "switch (SQLite ledger)" : "switch (in-memory ledger)", await LoadGenerator.RunAsync(options));
            }
            finally
            {
                await service.StopAsync(CancellationToken.None);
                Directory.Delete(data, recursive: true);
            }
        }

        return 0;
    }

    private static void Report(string server, LoadResult result)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {result.Connections} | {result.Depth} | {server} | {result.Throughput:N0} | {result.P50:N0} | {result.P99:N0} | {result.P999:N0} | {result.CpuMicrosecondsPerMessage:N1} | {result.AllocatedBytesPerMessage:N0} | {result.Declined} | {result.Timeouts + result.Errors} | {CommandArgs.LoadAverage()} |"));
    }
}
