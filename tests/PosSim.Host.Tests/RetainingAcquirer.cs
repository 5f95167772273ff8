using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host.Stores;
using PosSim.Iso8583;
using PosSim.Ledger.Storage;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;

namespace PosSim.Host.Tests;

/// <summary>
/// The core `possim serve` runs, on a virtual clock, on its stores (tranlog.db and ledger.db) committed after every
/// request as the group commit would, forgetting at each cut-over what serve forgets. Or, with no folder, the same
/// core keeping everything in memory, to compare against.
/// </summary>
internal sealed class RetainingAcquirer : IDisposable
{
    private static readonly TimeSpan Local = TimeSpan.FromHours(8);
    private readonly SqliteTranlogStore? _tranlog;
    private readonly SqliteLedgerStore? _ledgerStore;
    private readonly AcquirerStores? _stores;
    private readonly TerminalMessages[] _terminals;
    private readonly IsoMessage _request = new();
    private long _token;

    public RetainingAcquirer(string? folder, int terminals = 2)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 30, 0, Local)); // a Monday
        StoredSequences? stored = null;
        if (folder is not null)
        {
            _ledgerStore = new SqliteLedgerStore(Path.Combine(folder, "ledger.db"), new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal });
            _tranlog = new SqliteTranlogStore(Path.Combine(folder, "tranlog.db"), synchronousFull: false);
            stored = AcquirerStores.Reconcile(_ledgerStore, _tranlog);
        }

        Ledger = _ledgerStore is null ? new PosSim.Ledger.Ledger(Clock) : PosSim.Ledger.Ledger.Rebuild(_ledgerStore, Clock);
        Issuer = new CardIssuer(Ledger);
        Provisioning = Provisioning.Demo(terminals: terminals, merchants: 1, cards: 12);
        Acquirer = new LocalAcquirer(Clock, Issuer, (_, response) => Answer = Copy(response), tranlog: (ITranlogStore?)_tranlog ?? NullTranlogStore.Instance);
        Provisioning.ApplyTo(Acquirer.Switch.Terminals, Issuer);
        Office = new BackOffice(Acquirer.Switch, Ledger, merchants: [new MerchantAgreement(Provisioning.Terminals[0].MerchantId)], issuer: Issuer,
            options: _tranlog is null ? null : AcquirerRetention.Settlement);
        if (_tranlog is not null)
        {
            _stores = new AcquirerStores(Ledger, _ledgerStore, _tranlog, () => Acquirer.Switch, Issuer, () => Office.LastCutOver?.DayNumber ?? 0, stored!);
            _stores.KeepOfficeRecords(Office);
        }

        _terminals = Provisioning.Terminals.Select(t => new TerminalMessages(t.TerminalId, t.MerchantId)).ToArray();
        Cards = Provisioning.Cards.Where(c => c.BalanceMinor > 1_000_00).Select(c => new CardRead(c.Pan, c.Expiry)).ToArray();
    }

    public FakeTimeProvider Clock { get; }

    public Ledger.Ledger Ledger { get; }

    public CardIssuer Issuer { get; }

    public Provisioning Provisioning { get; }

    public LocalAcquirer Acquirer { get; }

    public AcquirerSwitch Switch => Acquirer.Switch;

    public BackOffice Office { get; private set; }

    public SqliteTranlogStore? Tranlog => _tranlog;

    public SqliteLedgerStore? LedgerStore => _ledgerStore;

    public CardRead[] Cards { get; }

    public IsoMessage? Answer { get; private set; }

    /// <summary>A purchase on terminal <paramref name="terminal"/>; returns its answer (RRN in field 37 when approved).</summary>
    public IsoMessage Purchase(int terminal, int card, long amount)
    {
        _terminals[terminal].WritePurchase(_request, Cards[card], amount, Clock.GetUtcNow().ToOffset(Local));
        return Send();
    }

    public IsoMessage Refund(int terminal, int card, long amount, string originalRrn)
    {
        _terminals[terminal].WriteRefund(_request, Cards[card], amount, originalRrn, Clock.GetUtcNow().ToOffset(Local));
        return Send();
    }

    public IsoMessage Void(int terminal, int card, long amount, string originalRrn)
    {
        _terminals[terminal].WriteVoid(_request, Cards[card], amount, originalRrn, Clock.GetUtcNow().ToOffset(Local));
        return Send();
    }

    /// <summary>Terminal <paramref name="terminal"/> closes its batch with the totals the switch holds for it (0500).</summary>
    public IsoMessage CloseBatch(int terminal)
    {
        var t = Switch.Terminals.All.Single(x => x.TerminalId == Provisioning.Terminals[terminal].TerminalId);
        var request = _terminals[terminal].BatchTotals((int)t.DebitCount, t.DebitAmount, (int)t.CreditCount, t.CreditAmount, Clock.GetUtcNow().ToOffset(Local));
        request.CopyTo(_request);
        return Send();
    }

    /// <summary>To 23:30 local (the day's cut-over clears and settles it), then on to 08:30 the next morning.</summary>
    public void NextDay()
    {
        var local = Clock.GetUtcNow().ToOffset(Local);
        Clock.Advance(new DateTimeOffset(local.Date.AddHours(23).AddMinutes(30), Local) - local);
        Acquirer.RunDue();
        var reports = Office.CatchUp(Clock.GetUtcNow());
        if (_stores is not null)
        {
            AcquirerRetention.AfterCutOver(Office, Issuer, reports);
        }

        Commit();
        Clock.Advance(TimeSpan.FromHours(9));
        Acquirer.RunDue();
        Commit();
    }

    /// <summary>
    /// The back office dies with the process and comes back as serve brings it back: after its last cut-over, owing the
    /// presentments the store holds no settlement row for. Returns how many.
    /// </summary>
    public int RestartBackOffice()
    {
        var stores = _stores ?? throw new InvalidOperationException("Only a back office on its stores restarts.");
        var last = Office.LastCutOver ?? throw new InvalidOperationException("Nothing to resume before the first cut-over.");
        Office = new BackOffice(Switch, Ledger, merchants: [new MerchantAgreement(Provisioning.Terminals[0].MerchantId)], issuer: Issuer, options: AcquirerRetention.Settlement);
        stores.KeepOfficeRecords(Office);
        var stored = _ledgerStore!.Use(OfficeRecords.Resumption);
        Office.ResumeAfter(last, stored);
        return stored.Unpaid.Count;
    }

    /// <summary>A new switch on the same store, rebuilt as serve rebuilds it at start.</summary>
    public AcquirerSwitch Restarted()
    {
        var tranlog = _tranlog ?? throw new InvalidOperationException("Only a switch on a store restarts.");
        var acquirer = new LocalAcquirer(Clock, Issuer, (_, _) => { }, tranlog: tranlog);
        Provisioning.ApplyTo(acquirer.Switch.Terminals, new CardIssuer(new Ledger.Ledger(Clock)));
        var reports = AcquirerStores.LoadBatchReports(_ledgerStore, tranlog);
        var rows = tranlog.LoadRetainedRows(reports, Provisioning.Terminals.Select(t => t.TerminalId));
        var (pending, parked) = AcquirerStores.LoadQueue(_ledgerStore, tranlog, rows, null);
        acquirer.Switch.Recover(new SwitchStoredState(rows, pending, parked, reports, tranlog.StoredTxnSequence, Office.LastCutOver ?? DateOnly.MinValue));
        return acquirer.Switch;
    }

    public void Dispose()
    {
        _stores?.Dispose();
        _tranlog?.Dispose();
        _ledgerStore?.Dispose();
    }

    private IsoMessage Send()
    {
        Answer = null;
        Acquirer.Submit(++_token, _request);
        Commit();
        Clock.Advance(TimeSpan.FromMinutes(1));
        return Answer ?? throw new InvalidOperationException("The acquirer did not answer.");
    }

    private void Commit()
    {
        if (_stores is { } stores && stores.Seal())
        {
            stores.Commit();
        }
    }

    private static IsoMessage Copy(IsoMessage message)
    {
        var copy = new IsoMessage();
        message.CopyTo(copy);
        return copy;
    }
}
