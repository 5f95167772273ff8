using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PosSim.Host.Serve;
using PosSim.Iso8583;
using PosSim.Net;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;
using Xunit.Abstractions;

namespace PosSim.Host.Tests;

/// <summary>
/// `possim serve` (the whole serve path: listener, framing, codec, core loop, switch, issuer, ledger) over loopback
/// against fuzzed frames: random bytes behind a valid length, valid terminal messages with a few bytes mutated,
/// valid messages with fields set to junk (structure-aware), and whole mutated streams that break the framing.
/// Meanwhile a well-behaved terminal sends echo tests and purchases and must be answered every time. The server
/// reads 100,000 fuzzed frames in the suite; POSSIM_SOAK=1 makes it 1,000,000. POSSIM_FUZZ_SEED repeats a run.
/// </summary>
public sealed class ServeFuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>What the retained managed heap may grow by while fuzzed: approved fuzz purchases keep their tranlog rows (about 1.7 KB each), nothing else may pile up.</summary>
    private const long HeapGrowthBound = 96L * 1024 * 1024;

    /// <summary>How long the server may take to close a connection the client has finished with (its frame timeout is 2 s).</summary>
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(10);

    private static readonly int[] JunkFields = [2, 3, 4, 7, 11, 12, 13, 14, 22, 25, 35, 37, 38, 39, 41, 42, 49, 52, 55, 60, 62, 63, 64, 70, 90, 128];

    private readonly TempFolder _data = new("possim-serve-fuzz-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Serve_takes_fuzzed_frames_without_a_crash_or_hang_while_a_terminal_is_answered_throughout_and_its_memory_stays_bounded()
    {
        var soak = Environment.GetEnvironmentVariable("POSSIM_SOAK") == "1";
        var budget = int.TryParse(Environment.GetEnvironmentVariable("POSSIM_FUZZ_FRAMES"), NumberStyles.None, CultureInfo.InvariantCulture, out var frames) ? frames : soak ? 1_000_000 : 100_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POSSIM_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        output.WriteLine($"seed {seed} (POSSIM_FUZZ_SEED={seed} repeats it), {budget:N0} frames");
        using var bound = new CancellationTokenSource(soak ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(4));
        var service = new AcquirerService(new ServeOptions
        {
            Listen = "127.0.0.1:0",
            Data = _data.Path,
            Durable = false,
            Terminals = 8,
            Cards = 40,
            FirstMessageTimeoutSeconds = 2,
            FrameTimeoutSeconds = 2,
        }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(bound.Token);
        try
        {
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(Path.Combine(_data.Path, "provisioned.json"), bound.Token));
            var seeds = SeedMessages(provisioned);
            await using var terminal = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint!, Reconnect = false, DefaultTimeout = TimeSpan.FromSeconds(10) }, bound.Token);
            var good = new GoodTerminal(terminal, provisioned);
            await good.OnceAsync(bound.Token);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

            using var stopGood = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
            var goodLoop = Task.Run(() => good.RunAsync(stopGood.Token), bound.Token);
            var sent = 0L;
            var stats = new FuzzStats();
            var clock = Stopwatch.StartNew();
            // The budget is of frames the server read: those sent after it closed a connection on a bad one do not count.
            var listener = service.ListenerStats!;
            var readBefore = listener.FramesReceived;
            var workers = Enumerable.Range(0, 12).Select(w => Task.Run(() => FuzzAsync(service.EndPoint!, seeds, new Random(seed + w), () =>
            {
                Interlocked.Increment(ref sent);
                return listener.FramesReceived - readBefore < budget;
            }, stats, bound.Token), bound.Token)).ToArray();
            await Task.WhenAll(workers);
            await stopGood.CancelAsync();
            await goodLoop;
            clock.Stop();

            // Still serving after the storm, and nothing the storm left behind holds memory it should not.
            await good.OnceAsync(bound.Token);
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var server = service.ListenerStats!;
            output.WriteLine(
                $"{Interlocked.Read(ref sent):N0} frames sent on {stats.Connections:N0} connections in {clock.Elapsed.TotalSeconds:0.0} s; the server read {server.FramesReceived:N0} frames " +
                $"({server.DecodeErrors:N0} undecodable, {server.FormatErrorResponses:N0} answered as format errors), {server.FrameErrors:N0} framing errors, " +
                $"sent {server.FramesSent:N0} answers ({stats.Answers:N0} read by the fuzzers); the terminal was answered {good.Answered:N0} times, " +
                $"slowest {good.Slowest.TotalMilliseconds:0} ms; managed heap {heapBefore / 1048576.0:0.0} MB before, {heapAfter / 1048576.0:0.0} MB after");
            foreach (var stuck in stats.Stalled.Take(3))
            {
                output.WriteLine("stuck after sending: " + stuck);
            }

            Assert.Empty(stats.Stalled);
            Assert.Empty(good.Failures);
            Assert.True(good.Answered > 0, "the terminal was answered during the storm");
            Assert.True(heapAfter - heapBefore < HeapGrowthBound, $"the heap grew by {(heapAfter - heapBefore) / 1048576.0:0.0} MB over {budget:N0} fuzzed frames");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Valid requests of every kind a terminal sends, from terminals other than the well-behaved one, to mutate.</summary>
    private static List<IsoMessage> SeedMessages(Provisioning provisioned)
    {
        var at = DateTimeOffset.Now;
        var list = new List<IsoMessage>();
        foreach (var t in provisioned.Terminals.Skip(1))
        {
            var messages = new TerminalMessages(t.TerminalId, t.MerchantId);
            var card = provisioned.Cards[list.Count % provisioned.Cards.Count];
            var read = new CardRead(card.Pan, card.Expiry);
            var purchase = messages.Purchase(read, 1234, at);
            list.Add(purchase);
            list.Add(TerminalMessages.Reversal(purchase));
            list.Add(messages.Refund(read, 500, "606100000001", at));
            list.Add(messages.Void(read, 1234, "606100000001", at));
            list.Add(messages.Network(NetworkCode.SignOn, at));
            list.Add(messages.Network(NetworkCode.Echo, at));
            list.Add(messages.BatchTotals(1, 1234, 0, 0, at));
        }

        return list;
    }

    private static async Task FuzzAsync(EndPoint endPoint, List<IsoMessage> seeds, Random random, Func<bool> take, FuzzStats stats, CancellationToken ct)
    {
        var more = true;
        while (more)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint, ct);
            Interlocked.Increment(ref stats.Connections);
            var reading = DrainAsync(socket, stats, ct);
            var burst = random.Next(1, 9);
            var bytes = new List<byte>();
            for (var i = 0; i < burst && (more = take()); i++)
            {
                bytes.AddRange(Frame(seeds, random));
            }

            var stream = bytes.ToArray();
            if (random.Next(8) == 0)
            {
                // The stream itself mutated: lengths and bodies out of step, as a broken link delivers them.
                for (var m = random.Next(1, 6); m > 0; m--)
                {
                    stream = Mutation.Next(random).Apply(stream);
                }
            }

            try
            {
                await socket.SendAsync(stream, SocketFlags.None, ct);

                // Done sending: the server answers what it read, and closes (at once, or after its frame timeout when
                // a frame was left half-sent).
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The server closed the connection on a bad frame before all of it was sent: what it should do.
            }

            if (await Task.WhenAny(reading, Task.Delay(StalledAfter, ct)) != reading)
            {
                lock (stats.Stalled)
                {
                    stats.Stalled.Add(Convert.ToHexString(stream.AsSpan(0, Math.Min(stream.Length, 4000))));
                }

                socket.Close();
            }

            await reading;
        }
    }

    /// <summary>One frame: random bytes behind a valid length, a mutated valid message, or a valid message with junk in its fields.</summary>
    private static byte[] Frame(List<IsoMessage> seeds, Random random)
    {
        var codec = Defaults.Codec;
        var seed = seeds[random.Next(seeds.Count)];
        // Junk ends a connection at once; mutated and junk-valued messages mostly get an answer, so they come more often.
        switch (random.Next(10) switch { 0 => 0, < 6 => 1, _ => 2 })
        {
            case 0:
            {
                var junk = new byte[random.Next(0, 600)];
                random.NextBytes(junk);
                return RawFrames.Binary2(junk);
            }

            case 1:
            {
                var body = codec.Encode(seed);
                for (var m = random.Next(1, 5); m > 0; m--)
                {
                    body = Mutation.Next(random).Apply(body);
                }

                return RawFrames.Binary2(body.AsSpan(0, Math.Min(body.Length, ushort.MaxValue)));
            }

            default:
            {
                // Structure-aware: the message stays well-formed where it can, and its values are wrong.
                var message = new IsoMessage();
                seed.CopyTo(message);
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    var field = JunkFields[random.Next(JunkFields.Length)];
                    var text = new StringBuilder();
                    for (var c = random.Next(0, 30); c > 0; c--)
                    {
                        text.Append(random.Next(4) == 0 ? (char)random.Next(0x20, 0x7F) : (char)('0' + random.Next(10)));
                    }

                    message.Set(field, text.ToString());
                }

                var writer = new System.Buffers.ArrayBufferWriter<byte>();
                return codec.TryEncode(message, writer, out _) ? RawFrames.Binary2(writer.WrittenSpan) : RawFrames.Binary2(codec.Encode(seed));
            }
        }
    }

    /// <summary>Reads and counts the frames the server answers until it closes; a reset is the server closing too.</summary>
    private static async Task DrainAsync(Socket socket, FuzzStats stats, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var toSkip = 0L;
        var header = new List<byte>(2);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    break;
                }

                // binary2 frames: a 2-byte length, then that many bytes.
                for (var i = 0; i < n;)
                {
                    if (toSkip > 0)
                    {
                        var skip = (int)Math.Min(toSkip, n - i);
                        toSkip -= skip;
                        i += skip;
                        continue;
                    }

                    header.Add(buffer[i++]);
                    if (header.Count == 2)
                    {
                        toSkip = (header[0] << 8) | header[1];
                        header.Clear();
                        Interlocked.Increment(ref stats.Answers);
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A reset, or the test closing a connection it found stuck.
        }
    }

    private sealed class FuzzStats
    {
        public long Connections;
        public long Answers;
        public List<string> Stalled { get; } = [];
    }

    /// <summary>A terminal that behaves: an echo test, then a purchase, over and over, each of which must be answered.</summary>
    private sealed class GoodTerminal(IsoClient client, Provisioning provisioned)
    {
        private readonly TerminalMessages _messages = new(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId);
        private readonly CardRead _card = new(provisioned.Cards[0].Pan, provisioned.Cards[0].Expiry);

        public List<string> Failures { get; } = [];

        public long Answered { get; private set; }

        public TimeSpan Slowest { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await OnceAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(20, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        public async Task OnceAsync(CancellationToken ct)
        {
            foreach (var request in new[] { _messages.Network(NetworkCode.Echo, DateTimeOffset.Now), _messages.Purchase(_card, 100, DateTimeOffset.Now) })
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var answer = await client.SendAsync(request, TimeSpan.FromSeconds(5), ct);
                    Answered++;
                    Slowest = TimeSpan.FromTicks(Math.Max(Slowest.Ticks, Stopwatch.GetElapsedTime(started).Ticks));
                    if (answer.ResponseCode is null)
                    {
                        Failures.Add($"{MessageTypes.Of(request)} answered without a response code");
                    }
                }
                catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException or InvalidOperationException)
                {
                    Failures.Add($"{MessageTypes.Of(request)}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }
}
