using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PosSim.Iso8583;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;

namespace PosSim.Load;

public sealed partial class LoadRun
{
    /// <summary>Open loop: requests one connection may have waiting before its pacer waits too (late sends still count from their intended time).</summary>
    private const int MaxOutstandingPerConnection = 16_384;

    private readonly ConcurrentBag<Slot> _slots = [];
    private readonly PhaseTally _reversals = new();

    private Task[] StartTraffic(CancellationToken stop, CancellationToken cancelled)
    {
        if (_settings.IsOpenLoop)
        {
            return [StartPacer(cancelled)];
        }

        var tasks = new List<Task>();
        for (var c = 0; c < _clients.Length; c++)
        {
            var terminals = TerminalsOf(c);
            for (var d = 0; d < _settings.InFlight; d++)
            {
                tasks.Add(WorkAsync(c, terminals, new Draws(new Random(Seed(c, d)), _settings), stop, cancelled));
            }
        }

        return [.. tasks];
    }

    /// <summary>Closed loop: send, wait for the answer, send the next; latency from the actual send.</summary>
    private async Task WorkAsync(int connection, LoadTerminal[] terminals, Draws draws, CancellationToken stop, CancellationToken cancelled)
    {
        await Task.Yield();
        var slot = new Slot(this);
        var client = _clients[connection];
        var next = draws.Random.Next(terminals.Length);
        while (!stop.IsCancellationRequested)
        {
            var now = _time.GetTimestamp();
            if (now >= _measureUntil)
            {
                return;
            }

            next = (next + 1) % terminals.Length;
            var outcome = await SendOneAsync(client, terminals[next], slot, draws, now, cancelled).ConfigureAwait(false);
            if (outcome == Outcome.ConnectionError && !await ReconnectedAsync(client, stop).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Open loop: one thread paces every connection. Request k of connection c is due at start + offset(c) + k / rate
    /// per connection; whatever is due is sent at once, so a late wake-up sends a small burst and every request keeps
    /// its intended time. The end of the run is the last intended time, not a timer, so no due request is lost.
    /// </summary>
    /// <remarks>
    /// Implementation note: a dedicated thread sleeping with <see cref="Thread.Sleep(int)"/> wakes about every
    /// millisecond; an async delay goes through the timer queue and the thread pool, and measured two to three times
    /// later under load. The request is drawn and encoded on this thread; answers are handled on the connections' own.
    /// </remarks>
    private Task StartPacer(CancellationToken cancelled)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pace(cancelled);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "possim load pacer",
        };
        thread.Start();
        return done.Task;
    }

    private void Pace(CancellationToken cancelled)
    {
        var schedule = _settings.OpenLoopSchedule!;
        var connections = _clients.Length;
        var lanes = Enumerable.Range(0, connections)
            .Select(c => new Lane(c, _clients[c], TerminalsOf(c), new Random(Seed(c, 0)), _settings))
            .ToArray();
        var cap = MaxOutstandingPerConnection * connections;
        long Due(Lane lane)
        {
            // Request k of connection c is the (k * N + c)-th of the whole run: connections take turns.
            var second = schedule.SecondOf((lane.K * connections) + lane.Index);
            return double.IsFinite(second) ? _start + (long)(second * _time.TimestampFrequency) : long.MaxValue;
        }

        while (!cancelled.IsCancellationRequested)
        {
            var now = _time.GetTimestamp();
            var earliest = long.MaxValue;
            foreach (var lane in lanes)
            {
                var intended = Due(lane);
                while (intended <= now && intended < _measureUntil && Interlocked.Read(ref _outstanding) < cap)
                {
                    lane.Next = (lane.Next + 1) % lane.Terminals.Length;
                    Fire(lane.Client, lane.Terminals[lane.Next], lane.Draws, intended, cancelled);
                    lane.K++;
                    intended = Due(lane);
                }

                if (intended < _measureUntil)
                {
                    earliest = Math.Min(earliest, intended);
                }
            }

            if (earliest == long.MaxValue)
            {
                return;
            }

            // Sleep whole milliseconds until the next due request, at least one (a full cap also waits here).
            var waitMs = (earliest - _time.GetTimestamp()) * 1000 / _time.TimestampFrequency;
            Thread.Sleep((int)Math.Clamp(waitMs, 1, 100));
        }
    }

    /// <remarks>
    /// Implementation note: nothing awaits an open-loop request, yet its pooled state machine must be observed to go
    /// back to the pool. Each slot carries one continuation, made once, that observes the request it is running and
    /// returns the slot: a fire-and-forget async Task here cost a task and a state machine per request.
    /// </remarks>
    private void Fire(IsoClient client, LoadTerminal terminal, Draws draws, long intended, CancellationToken cancelled)
    {
        Interlocked.Increment(ref _outstanding);
        if (!_slots.TryTake(out var slot))
        {
            slot = new Slot(this);
        }

        var pending = SendOneAsync(client, terminal, slot, draws, intended, cancelled);
        if (pending.IsCompleted)
        {
            Finish(slot, pending);
            return;
        }

        slot.Pending = pending;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(slot.Completed);
    }

    private void Finish(Slot slot, ValueTask<Outcome> pending)
    {
        try
        {
            pending.GetAwaiter().GetResult(); // how it ended is already counted; this hands the state machine back
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The run is being torn down under it: the request is abandoned.
        }
        finally
        {
            _slots.Add(slot);
            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>
    /// Draws, builds and sends one request and records how it ended. Everything drawn from <paramref name="draws"/>
    /// is drawn before the first await, so a pacer's generator is only ever used on the pacer's own turn.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one state machine per request in flight, reused: no allocation per request
    private async ValueTask<Outcome> SendOneAsync(IsoClient client, LoadTerminal terminal, Slot slot, Draws draws, long intended, CancellationToken cancelled)
    {
        var kind = _settings.Mix.Draw(draws.Random);
        var card = _settings.Fleet.Cards[draws.Random.Next(_settings.Fleet.Cards.Count)];
        var amount = draws.Amount();
        var sent = terminal.Write(slot.Request, kind, card, amount, LocalNow(), _settings.AsHost);
        var measured = intended >= _measureFrom;
        _stats.Sending(sent.Kind, measured, (long)_time.GetElapsedTime(intended).TotalMicroseconds);
        var outcome = Outcome.Answered;
        try
        {
            await client.SendAsync(slot.Request, slot.Response, cancellationToken: cancelled).ConfigureAwait(false);
            if (slot.Response.ResponseCode == ResponseCodes.Approved)
            {
                terminal.Approved(sent, slot.Response.Rrn);
            }
        }
        catch (IsoTimeoutException)
        {
            outcome = Outcome.Timeout;
        }
        catch (IsoConnectionException)
        {
            outcome = Outcome.ConnectionError;
        }
        catch (IsoResponseFormatException)
        {
            outcome = Outcome.BadResponse;
        }
        catch (InvalidOperationException)
        {
            outcome = Outcome.Refused;
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            // Ctrl+C: the request was abandoned before its answer; counted with the refused so the counts still add up.
            _stats.Ended(sent.Kind, measured, Outcome.Refused, null, 0);
            return Outcome.Refused;
        }

        var micros = (long)_time.GetElapsedTime(intended).TotalMicroseconds;
        _stats.Ended(sent.Kind, measured, outcome, outcome == Outcome.Answered ? slot.Response : null, micros);
        if (outcome == Outcome.Timeout && sent.Kind == RequestKind.Purchase)
        {
            await ReverseAsync(client, terminal, slot, cancelled).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// A purchase that got no answer may still have been approved: the terminal reverses it (0400 naming it in
    /// field 90), as terminals do, so the switch's batch and the terminal's agree. One attempt; counted apart.
    /// </summary>
    private async ValueTask ReverseAsync(IsoClient client, LoadTerminal terminal, Slot slot, CancellationToken cancelled)
    {
        var reversal = TerminalMessages.Reversal(slot.Request);
        terminal.Sign(reversal);
        _reversals.Sent();
        try
        {
            await client.SendAsync(reversal, slot.Response, cancellationToken: cancelled).ConfigureAwait(false);
            _reversals.Answered(slot.Response.ResponseCode);
        }
        catch (Exception e) when (e is IsoTimeoutException or IsoConnectionException or IsoResponseFormatException or InvalidOperationException or OperationCanceledException)
        {
            _reversals.Unanswered();
        }
    }

    /// <summary>After a dropped connection, waits for the client to reconnect; false when the run ends first or it gave up.</summary>
    private static async Task<bool> ReconnectedAsync(IsoClient client, CancellationToken stop)
    {
        try
        {
            await client.WaitUntilConnectedAsync(stop).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Open loop: waits for the requests still in flight; each ends by its own timeout at the latest.</summary>
    private async Task DrainAsync()
    {
        var deadline = _time.GetTimestamp() + Ticks(_settings.Timeout + TimeSpan.FromSeconds(2));
        while (Interlocked.Read(ref _outstanding) > 0 && _time.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
        }
    }

    /// <summary>The terminals whose requests go on <paramref name="connection"/>; with fewer terminals than connections, they are shared.</summary>
    private LoadTerminal[] TerminalsOf(int connection)
    {
        var mine = _terminals.Where((_, i) => i % _clients.Length == connection).ToArray();
        return mine.Length > 0 ? mine : [_terminals[connection % _terminals.Length]];
    }

    private int Seed(int connection, int worker) => unchecked((_settings.Seed * 1_000_003) + (connection * 4099) + worker);

    /// <summary>One connection's place in the open loop: its terminals, its draws, and the index of its next request.</summary>
    private sealed class Lane(int index, IsoClient client, LoadTerminal[] terminals, Random random, LoadSettings settings)
    {
        public int Index { get; } = index;

        public IsoClient Client { get; } = client;

        public LoadTerminal[] Terminals { get; } = terminals;

        public Draws Draws { get; } = new(random, settings);

        public long K { get; set; }

        public int Next { get; set; }
    }

    /// <summary>One sender's random draws: its own generator (Random is not thread-safe) and the amounts drawn from it.</summary>
    private sealed class Draws(Random random, LoadSettings settings)
    {
        public Random Random { get; } = random;

        public Func<long> Amount { get; } = settings.AmountsFor(random);
    }

    /// <summary>The request and response messages of one request in flight, reused from one request to the next.</summary>
    private sealed class Slot
    {
        public Slot(LoadRun run) => Completed = () => run.Finish(this, Pending);

        public IsoMessage Request { get; } = new();

        public IsoMessage Response { get; } = new();

        /// <summary>The open-loop request this slot is running, while it runs.</summary>
        public ValueTask<Outcome> Pending { get; set; }

        /// <summary>Observes <see cref="Pending"/> once it completes and returns the slot; one per slot, for every request it runs.</summary>
        public Action Completed { get; }
    }
}
