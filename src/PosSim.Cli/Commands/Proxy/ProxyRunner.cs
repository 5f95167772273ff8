using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PosSim.Cli.Commands.Iso;
using PosSim.Host.Proxy;
using PosSim.Host.Serve;
using PosSim.Iso8583.Framing;
using PosSim.Net.Proxy;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Cli.Commands.Proxy;

/// <summary>What `possim proxy` was asked to do, before any of it is checked.</summary>
internal sealed record ProxyArguments(string Listen, string Upstream, IsoSettings Iso, string? FaultsFile, string? Api, string? LogFile, int Seed);

/// <summary>Checks the arguments of `possim proxy`, then runs the proxy (and its API) until cancelled.</summary>
internal static class ProxyRunner
{
    public static async Task<int> RunAsync(ProxyArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM end the run cleanly (exit 0, connections closed, hit log flushed), as `possim serve` does.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        return await RunUntilAsync(args, stdout, stderr, stopping.Token).ConfigureAwait(false);

        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static async Task<int> RunUntilAsync(ProxyArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (Validate(args, out var listen, out var upstream, out var api, out var faults) is { } problem)
        {
            await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        FaultHitLog hitLog;
        try
        {
            hitLog = args.LogFile is null
                ? new FaultHitLog(TextWriter.Synchronized(stdout))
                : new FaultHitLog(new StreamWriter(new FileStream(args.LogFile, FileMode.Create, FileAccess.Write, FileShare.Read)), ownsWriter: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: --log {args.LogFile}: cannot write the hit log: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // The proxy's own warnings (an unreachable upstream, a stream out of sync) go to stderr; stdout may carry the hit log.
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft", LogLevel.Warning));
        using (hitLog)
        {
            var options = new ProxyOptions
            {
                Listen = listen,
                Upstream = upstream,
                Codec = args.Iso.Codec,
                Framing = args.Iso.Framing,
                Faults = new FaultTable(faults),
                HitLog = hitLog,
                Seed = args.Seed,
                Logger = loggers.CreateLogger("PosSim.Proxy"),
            };
            var proxy = new FaultProxy(options);
            ProxyApi? apiServer = null;
            try
            {
                await proxy.StartAsync(cancellationToken).ConfigureAwait(false);
                if (api is not null)
                {
                    apiServer = await ProxyApi.StartAsync(api, proxy, cancellationToken).ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"listening on {proxy.EndPoint}").ConfigureAwait(false);
                await stdout.WriteLineAsync($"forwarding to {upstream} ({args.Iso.Dialect.Name}, {args.Iso.Framing}); {options.Faults.Current.Length} faults; seed {args.Seed}").ConfigureAwait(false);
                if (apiServer is not null)
                {
                    await stdout.WriteLineAsync($"api on {apiServer.Address}").ConfigureAwait(false);
                }

                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Most often the port is taken: one line a person can act on, never a stack trace.
                await stderr.WriteLineAsync($"error: the proxy could not start: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            finally
            {
                if (apiServer is not null)
                {
                    await apiServer.DisposeAsync().ConfigureAwait(false);
                }

                await proxy.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string? Validate(ProxyArguments args, out IPEndPoint listen, out IPEndPoint upstream, out IPEndPoint? api, out IReadOnlyList<FaultSpec> faults)
    {
        upstream = null!;
        api = null;
        faults = [];
        if (!Endpoints.TryParse(args.Listen, out listen, out var problem))
        {
            return $"--listen: {problem}.";
        }

        if (!Endpoints.TryParse(args.Upstream, out upstream, out problem))
        {
            return $"--upstream: {problem}.";
        }

        if (upstream.Port == 0)
        {
            return $"--upstream {args.Upstream}: give the port the switch listens on, not 0.";
        }

        if (args.Iso.Framing.LengthHeader == LengthHeader.None)
        {
            return "--framing none: a stream needs a length header to be split into messages: binary2, ascii4 or bcd2.";
        }

        if (args.Api is not null)
        {
            if (!Endpoints.TryParse(args.Api, out var apiEndPoint, out problem))
            {
                return $"--api: {problem}.";
            }

            // The API changes what the proxy does to live traffic and has no authentication: loopback only.
            if (!IPAddress.IsLoopback(apiEndPoint.Address))
            {
                return $"--api {args.Api}: the fault API has no authentication, so it listens on loopback only (127.0.0.1 or ::1).";
            }

            api = apiEndPoint;
        }

        if (args.FaultsFile is { } file)
        {
            try
            {
                faults = FaultFileReader.Read(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"--faults {file}: cannot read it: {e.Message}";
            }
            catch (FaultFormatException e)
            {
                return $"{file}: {e.Message.TrimEnd('.')}.";
            }
        }

        return null;
    }
}
