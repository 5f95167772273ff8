using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PosSim.Core.Cards;
using PosSim.Core.Roles;
using PosSim.Core.Issuer;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Core.Time;
using PosSim.Host.Export;
using PosSim.Host.Loop;
using PosSim.Host.Stores;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Ledger.Storage;
using PosSim.Net.Client;
using PosSim.Net.Server;

namespace PosSim.Host.Serve;

/// <summary>
/// `possim serve` as a hosted service: builds the role's core (switch and issuer with the ledger, or either
/// alone), runs it on one loop, puts it behind the Pipelines server, and writes provisioned.json for load tools.
/// </summary>
internal sealed class AcquirerService(ServeOptions options, TextWriter stdout, ILoggerFactory loggers,
    IHostApplicationLifetime? lifetime = null, ServeOutcome? outcome = null)
    : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("PosSim.Serve");
    private readonly List<IAsyncDisposable> _disposables = [];
    private SqliteLedgerStore? _ledgerStore;
    private IsoServer? _server;
    private SwitchMetrics? _metrics;
    private IssuerMetrics? _issuerMetrics;
    private CardIssuer? _issuer;
    private AcquirerStores? _stores;
    private CoreLoop? _loop;
    private SqliteTranlogStore? _tranlog;
    private BackOffice? _backOffice;
    private ITimer? _cutOverTimer;

    private ILogger LoopLogger => loggers.CreateLogger("PosSim.Loop");

    /// <summary>The loop the role runs on, once started.</summary>
    internal CoreLoop? Loop => _loop;

    /// <summary>The ledger's store, when durable (for tests that fill its disk).</summary>
    internal SqliteLedgerStore? LedgerStore => _ledgerStore;

    /// <summary>The fault that stopped the core loop, if one did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>The bound address, once started.</summary>
    public EndPoint? EndPoint => _server?.EndPoint;

    /// <summary>How the loop rides out a failing store: for as long as the operator allows before the server gives up.</summary>
    private CoreLoopOptions LoopOptions => new() { StoreOutageLimit = TimeSpan.FromSeconds(options.StoreOutageSeconds) };

    /// <summary>The terminals' listener's counters (frames read, decode and frame errors...), for tests and tools that watch it.</summary>
    public IsoServerStats? ListenerStats => _server?.Stats;

    /// <summary>The switch, when this role has one (for tests and reports).</summary>
    public AcquirerSwitch? Switch { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        Directory.CreateDirectory(options.Data);
        var provisioning = Provisioning.Demo(options.Terminals, options.Merchants, options.Cards);
        await File.WriteAllTextAsync(Path.Combine(options.Data, "provisioned.json"), provisioning.ToJson(), cancellationToken).ConfigureAwait(false);

        // One clock setting for the whole acquirer: the switch dates by it, the issuer judges expiry by it.
        var clock = BusinessClock.Default;
        var issuerOptions = new IssuerOptions { Clock = clock };
        var switchOptions = new SwitchOptions
        {
            Clock = clock,
            IssuerTimeout = TimeSpan.FromMilliseconds(options.IssuerTimeoutMs),
            ReversalAckTimeout = TimeSpan.FromMilliseconds(options.ReversalAckTimeoutMs),
            ReversalBackoff = TimeSpan.FromMilliseconds(options.ReversalBackoffMs),
            ReversalMaxTries = options.ReversalMaxTries,
            IssuerBins = [Provisioning.TestBin],

            // Who may say what: terminals reaching serve from beyond the machine must sign on before they transact.
            RequireSignOn = options.RequireSignOn ?? !IPAddress.IsLoopback(Endpoints.Parse(options.Listen).Address),
            HostLinks = options.HostLinks?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            TerminalAuth = TerminalAuthSetup.Create(options, provisioning, loggers),
        };
        var panHasher = new PanHasher(PanHashKeys.Load(options));
        AcquirerSwitch? switchCore = null;
        CoreLoop loop;
        StoredSequences? stored = null;
        SqliteTranlogStore? tranlog = null;
        switch (options.Role)
        {
            case "all":
            {
                var ledgerStore = OpenLedgerStore();
                tranlog = OpenTranlog();
                stored = ledgerStore is null ? null : AcquirerStores.Guard(ledgerStore.Path, () => AcquirerStores.Reconcile(ledgerStore, tranlog));
                var forgetBefore = stored is { ClearedThrough: > 0 } ? AcquirerRetention.ForgetBefore(clock, DateOnly.FromDayNumber((int)stored.ClearedThrough)) : (DateTimeOffset?)null;
                var ledger = BuildLedger(time, ledgerStore, forgetBefore);
                var ledgerWasEmpty = !CardIssuer.HasFunded(ledger); // before the demo cards are funded
                var issuer = _issuer = new CardIssuer(ledger, issuerOptions);
                provisioning.ApplyTo(new TerminalRegistry(), issuer);
                RefuseLostLedger(ledgerWasEmpty, tranlog);
                RestoreIssuer(ledgerStore, issuer, stored, forgetBefore);
                LocalAcquirer? local = null;
                var stores = _stores = ledgerStore is null ? null : new AcquirerStores(ledger, ledgerStore, tranlog, () => local?.Switch, issuer,
                    () => _backOffice?.LastCutOver?.DayNumber ?? 0, stored!);
                loop = new CoreLoop(time, respond => local = new LocalAcquirer(time, issuer, respond, switchOptions, (ITranlogStore?)tranlog ?? NullTranlogStore.Instance, panHasher),
                    stores, LoopLogger, LoopOptions);
                switchCore = local!.Switch;

                // The back office clears and settles at each cut-over; it runs on the loop, like everything touching the ledger.
                // On its stores it forgets what is final once stored; in memory only it keeps everything for the export at stop.
                var merchants = provisioning.Terminals.Select(t => t.MerchantId).Distinct(StringComparer.Ordinal).Select(m => new MerchantAgreement(m));
                _backOffice = new BackOffice(switchCore, ledger, merchants: merchants, issuer: issuer, options: stores is null ? null : AcquirerRetention.Settlement);
                stores?.KeepOfficeRecords(_backOffice);
                break;
            }

            case "issuer":
            {
                var ledgerStore = OpenLedgerStore();
                stored = ledgerStore is null ? null : AcquirerStores.Guard(ledgerStore.Path, () => AcquirerStores.Reconcile(ledgerStore, null));
                var forgetBefore = ledgerStore is null ? (DateTimeOffset?)null : AcquirerRetention.IssuerForgetBefore(time.GetUtcNow());
                var ledger = BuildLedger(time, ledgerStore, forgetBefore);
                var issuer = _issuer = new CardIssuer(ledger, issuerOptions);
                provisioning.ApplyTo(new TerminalRegistry(), issuer);
                RestoreIssuer(ledgerStore, issuer, stored, forgetBefore);
                if (ledgerStore is not null)
                {
                    // No back office here: the issuer forgets on the clock what it has finished.
                    _cutOverTimer = time.CreateTimer(_ => _loop?.Post(_ => AcquirerRetention.ForIssuerAlone(issuer, time.GetUtcNow())), null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
                }

                var stores = _stores = ledgerStore is null ? null : new AcquirerStores(ledger, ledgerStore, null, null, issuer, null, stored!);
                loop = new CoreLoop(time, respond => new IssuerCore(issuer, respond), stores, LoopLogger, LoopOptions);
                break;
            }

            case "switch":
            {
                var client = await ConnectIssuerAsync(cancellationToken).ConfigureAwait(false);
                tranlog = OpenTranlog();
                stored = tranlog is null ? null : AcquirerStores.Guard(tranlog.Path, () => AcquirerStores.Reconcile(null, tranlog));
                CoreLoop? switchLoop = null;
                RemoteIssuerSwitch? remote = null;
                var stores = _stores = tranlog is null ? null : new AcquirerStores(null, null, tranlog, () => remote?.Switch, null, null, stored!);

                // What goes to the issuer carries an RRN: it leaves once the turn that numbered it is committed.
                loop = switchLoop = new CoreLoop(time, respond => remote = new RemoteIssuerSwitch(time, respond, m => HoldForCommit(switchLoop!, client, m), switchOptions,
                    (ITranlogStore?)tranlog ?? NullTranlogStore.Instance, panHasher), stores, LoopLogger, LoopOptions);

                // An answer the client could not pair (it came after the client's own, longer timeout) still tells the switch something.
                client.UnmatchedResponse += (_, e) => PostToSwitch(switchLoop, e.Message);
                switchCore = remote!.Switch;
                break;
            }

            default:
                throw new InvalidOperationException($"Unknown role '{options.Role}'.");
        }

        Switch = switchCore;
        _tranlog = tranlog;
        if (switchCore is not null)
        {
            foreach (var terminal in provisioning.Terminals)
            {
                switchCore.Terminals.Add(terminal.TerminalId, terminal.MerchantId);
            }

            if (tranlog is not null && stored is not null)
            {
                // Everything the rules need from before the restart: the duplicate window, the originals voids, reversals
                // and refunds name, the open batches, and the numbering after the stored sequence.
                var clearedThrough = stored.ClearedThrough > 0 ? DateOnly.FromDayNumber((int)stored.ClearedThrough) : DateOnly.MinValue;
                var reports = AcquirerStores.LoadBatchReports(_ledgerStore, tranlog);
                var rows = AcquirerStores.Guard(tranlog.Path, () => tranlog.LoadRetainedRows(reports, provisioning.Terminals.Select(t => t.TerminalId)));
                var (pending, parked) = AcquirerStores.LoadQueue(_ledgerStore, tranlog, rows, PanLookup(panHasher));
                var resent = switchCore.Recover(new SwitchStoredState(rows, pending, parked, reports, stored.TxnSequence, clearedThrough));
                _stores?.SwitchRecovered(switchCore);
                if (resent > 0)
                {
                    _log.LogInformation("Sending {Advices} advices again that the issuer had not acknowledged before the restart", resent);
                }

                if (stored.ClearedThrough > 0 && _backOffice is { } office)
                {
                    // Presentments not paid yet are owed still: settlement takes them in again from ledger.db.
                    var resumption = _ledgerStore?.Use(OfficeRecords.Resumption);
                    office.ResumeAfter(clearedThrough, resumption);
                    if (resumption is { Unpaid.Count: > 0 })
                    {
                        _log.LogInformation("Settlement resumes {Presentments} presentments not paid before the restart", resumption.Unpaid.Count);
                    }
                }

                if (rows.Count > 0)
                {
                    _log.LogInformation("Recovered {Rows} tranlog rows; numbering goes on after transaction {Sequence}", rows.Count, stored.TxnSequence);
                }
            }
        }

        // A fault that leaves the core in doubt stops the process with a non-zero exit: better down and loud than up and wrong.
        loop.Faulted += fault =>
        {
            Fault = fault;
            outcome?.Fault = fault;
            lifetime?.StopApplication();
        };
        loop.Start();
        _loop = loop;
        _disposables.Insert(0, loop);
        if (_backOffice is { } backOffice)
        {
            // On its stores, serve forgets what the cut-over finished; in memory only, everything stays for the export at stop.
            var forget = _stores is not null;
            _cutOverTimer = time.CreateTimer(_ => loop.Post(_ =>
            {
                var reports = backOffice.CatchUp(time.GetUtcNow());
                if (forget)
                {
                    AcquirerRetention.AfterCutOver(backOffice, _issuer, reports);
                }
            }), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        _metrics = new SwitchMetrics(() => loop.Pending, () => switchCore);
        _issuerMetrics = new IssuerMetrics(() => _issuer);

        var endPoint = Endpoints.Parse(options.Listen);
        var framing = MessageFraming.Parse(options.Framing, options.HeaderLength);
        _server = new IsoServer(new LoopRequestHandler(loop, _metrics), new IsoServerOptions
        {
            EndPoint = endPoint,
            Codec = new IsoCodec(Dialect.Load(options.Dialect)),
            Framing = framing,
            MaxConnections = options.MaxConnections,
            MaxConnectionsPerAddress = options.MaxConnectionsPerAddress,
            IdleTimeout = TimeSpan.FromSeconds(options.IdleTimeoutSeconds),

            // The issuer's clients are switches, whose link is rightly quiet until the first transaction: closing it
            // would only make the switch reconnect again and again, and fail what it sends meanwhile. The idle
            // timeout still closes a silent connection there.
            FirstMessageTimeout = options.Role == "issuer" ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(options.FirstMessageTimeoutSeconds),
            FrameTimeout = TimeSpan.FromSeconds(options.FrameTimeoutSeconds),
            MaxPendingRequests = options.MaxPendingRequests,
            ResponseHeader = options.HeaderLength == Tpdu.Length ? Tpdu.WriteResponse : null,
            Logger = loggers.CreateLogger("PosSim.Net"),
        });
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        _log.LogInformation("Role {Role}: {Terminals} terminals, {Cards} cards, data in {Data}", options.Role, provisioning.Terminals.Count, provisioning.Cards.Count, Path.GetFullPath(options.Data));
        if (options.Metrics is { } metricsAt)
        {
            var metrics = await MetricsEndpoint.StartAsync(Endpoints.Parse(metricsAt), cancellationToken, () => loop.Health).ConfigureAwait(false);
            _disposables.Add(metrics);
            MetricsAddress = metrics.Address;
            _log.LogInformation("Metrics for Prometheus at {Address}", metrics.Address);
        }

        await stdout.WriteLineAsync($"listening on {_server.EndPoint}").ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where Prometheus scrapes, when --metrics was given.</summary>
    public Uri? MetricsAddress { get; private set; }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false); // drains what is in flight
        }

        if (_cutOverTimer is not null)
        {
            await _cutOverTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_backOffice is { } backOffice && _loop is { } loop)
        {
            await ExportReconciliationAsync(loop, backOffice).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        _disposables.Clear();
        _stores?.Dispose();
        _stores = null;
        _ledgerStore?.Dispose();
        _ledgerStore = null;
        _metrics?.Dispose();
        _metrics = null;
        _issuerMetrics?.Dispose();
        _issuerMetrics = null;
    }

    /// <summary>
    /// On the way out: runs any cut-over that is due and writes the run's interchange files
    /// (docs/interchange-files.md) to DATA/recon, ready for `possim match --in DATA/recon`. On the stores, the files are
    /// read from them once that cut-over's turn is committed: they hold what the back office forgot.
    /// </summary>
    private Task ExportReconciliationAsync(CoreLoop loop, BackOffice backOffice)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var folder = Path.Combine(options.Data, "recon");
        var posted = loop.Post(_ =>
        {
            try
            {
                var reports = backOffice.CatchUp(TimeProvider.System.GetUtcNow());
                if (_ledgerStore is { } ledgerStore && _tranlog is { } tranlog)
                {
                    AcquirerRetention.AfterCutOver(backOffice, _issuer, reports);
                    var export = StoredExport.Take(backOffice);
                    loop.AfterCommit(() => Run(done, () => export.Write(folder, ledgerStore, tranlog)));
                    return;
                }

                InterchangeExport.Write(folder, backOffice);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        if (!posted)
        {
            // A stopped loop: the books are in doubt, so nothing is exported from them.
            _log.LogWarning("The reconciliation files were not written: the core loop had stopped ({Reason})", loop.Fault?.Message ?? "disposed");
            return Task.CompletedTask;
        }

        return done.Task;

        static void Run(TaskCompletionSource done, Action write)
        {
            try
            {
                write();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    private SqliteLedgerStore? OpenLedgerStore()
    {
        if (!options.Durable)
        {
            return null;
        }

        var path = Path.Combine(options.Data, "ledger.db");
        return _ledgerStore = AcquirerStores.Guard(path, () => new SqliteLedgerStore(path));
    }

    /// <summary>
    /// From a PAN's keyed hash back to the card, for the advices a restart sends again (stored without field 2):
    /// possible only where the issuer, who knows the cards, is in this process.
    /// </summary>
    private Func<string, string?>? PanLookup(PanHasher hasher)
    {
        if (_issuer is not { } issuer || Switch is null)
        {
            return null;
        }

        var byHash = issuer.Cards.ToDictionary(c => hasher.Hash(c.Pan), c => c.Pan, StringComparer.Ordinal);
        return hash => byHash.GetValueOrDefault(hash);
    }

    /// <summary>The issuer's approvals and approval counter, as the stores kept them.</summary>
    /// <summary>
    /// The issuer's approvals still open, from the ledger's store, and its forgetting horizon as it stood: a request
    /// from before it that names nothing held may repeat a forgotten approval, and is answered 94 as before the restart.
    /// </summary>
    private void RestoreIssuer(SqliteLedgerStore? ledgerStore, CardIssuer issuer, StoredSequences? stored, DateTimeOffset? forgetBefore)
    {
        if (ledgerStore is null || stored is null)
        {
            return;
        }

        if (forgetBefore is { } before)
        {
            issuer.ForgetFinishedBefore(before);
        }

        issuer.ContinueApprovalsFrom(stored.ApprovalSequence);
        var restored = AcquirerStores.RestoreIssuer(ledgerStore, issuer);
        if (restored > 0)
        {
            _log.LogInformation("Restored {Approvals} issuer approvals from the ledger's store", restored);
        }
    }

    /// <summary>
    /// The ledger, rebuilt from its store when durable. Finished transfers from before the cut-over the back office
    /// last forgot at are forgotten as the journal replays, so a start holds what a running server would, not the
    /// whole history.
    /// </summary>
    private static Ledger.Ledger BuildLedger(TimeProvider time, SqliteLedgerStore? store, DateTimeOffset? forgetBefore) =>
        store is null
            ? new Ledger.Ledger(time, new Ledger.LedgerOptions { InitialTransferCapacity = 1 << 20 })
            : AcquirerStores.Guard(store.Path, () => forgetBefore is { } before
                ? Ledger.Ledger.Rebuild(store, time, null, before)
                : Ledger.Ledger.Rebuild(store, time));

    /// <summary>
    /// The stores must agree: a transaction log that holds approvals beside a ledger with no transfer at all means the
    /// ledger was lost or replaced, and starting would approve against balances that forgot every hold.
    /// </summary>
    private void RefuseLostLedger(bool ledgerWasEmpty, SqliteTranlogStore? tranlog)
    {
        if (ledgerWasEmpty && tranlog is { ApprovedRows: > 0 })
        {
            throw new StoreRefusedException(
                $"{Path.Combine(options.Data, "ledger.db")} holds no transfer, but {Path.Combine(options.Data, "tranlog.db")} holds {tranlog.ApprovedRows} approvals: " +
                "the ledger was lost or replaced. Restore ledger.db from its backup, or start on an empty --data folder");
        }
    }

    private SqliteTranlogStore? OpenTranlog()
    {
        if (!options.Durable)
        {
            return null; // the switch's in-memory log is the only copy
        }

        var path = Path.Combine(options.Data, "tranlog.db");
        var tranlog = AcquirerStores.Guard(path, () => new SqliteTranlogStore(path));
        _disposables.Add(tranlog);
        return tranlog;
    }

    /// <summary>A message for the remote issuer, copied now and sent once the turn that produced it is committed.</summary>
    private void HoldForCommit(CoreLoop loop, IsoClient client, IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        loop.AfterCommit(() => ForwardToIssuer(client, loop, copy));
    }

    private async Task<IsoClient> ConnectIssuerAsync(CancellationToken cancellationToken)
    {
        var issuerEndPoint = Endpoints.Parse(options.Issuer!);
        var client = await IsoClient.ConnectAsync(
            new IsoClientOptions
            {
                EndPoint = issuerEndPoint,
                Codec = new IsoCodec(Dialect.Load(options.IssuerDialect)),
                Framing = MessageFraming.Parse(options.IssuerFraming),
                DefaultTimeout = TimeSpan.FromMilliseconds(options.IssuerTimeoutMs * 4L),
                RepeatsSupersede = true,
                Logger = loggers.CreateLogger("PosSim.IssuerLink"),
            },
            cancellationToken).ConfigureAwait(false);
        _disposables.Add(client);
        return client;
    }

    /// <summary>
    /// Sends to the remote issuer through the client's own request matching: the answer comes back decoded into a
    /// message of its own and is posted to the loop. The switch keeps its own timers, so a client timeout or a
    /// repeat taking the earlier request's place (0421 after 0420: the same key) is nothing to act on here.
    /// </summary>
    private void ForwardToIssuer(IsoClient client, CoreLoop loop, IsoMessage message)
    {
        var answer = new IsoMessage();
        ValueTask pending;
        try
        {
            pending = client.SendAsync(message, answer);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or IsoFormatException)
        {
            // Not connected or not encodable: the switch's own timer decides what a missing answer means (91, a reversal).
            _log.LogDebug(e, "Could not send {Mti} STAN {Stan} to the issuer", message.Mti, message.Stan);
            return;
        }

        _ = AwaitIssuerAsync(pending, answer, loop);
    }

    private async Task AwaitIssuerAsync(ValueTask pending, IsoMessage answer, CoreLoop loop)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IsoTimeoutException or IsoRequestSupersededException or IOException or OperationCanceledException)
        {
            return;
        }
        catch (IsoResponseFormatException e)
        {
            _log.LogWarning("The issuer's answer to {Mti} STAN {Stan} did not decode: {Error}", answer.Mti, answer.Stan, e.Error.ToString());
            return;
        }

        PostToSwitch(loop, answer);
    }

    private static void PostToSwitch(CoreLoop loop, IsoMessage response) =>
        loop.Post(core => ((RemoteIssuerSwitch)core).OnIssuerResponse(response));
}
