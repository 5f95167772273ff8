using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using PosSim.Core.Issuer;
using PosSim.Core.Roles;
using PosSim.Core.Settlement;
using PosSim.Core.Switch;
using PosSim.Host;
using PosSim.Host.Stores;
using PosSim.Ledger.Storage;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Benchmarks.Switch;

/// <summary>
/// What a long-running acquirer keeps in memory: N authorisations through the core that `possim serve --in-memory`
/// runs (switch, issuer, ledger, back office with a cut-over every business day), on a virtual clock so days pass
/// in seconds. Prints, per day, the process's RSS, the managed heap, the switch's index entries and the tranlog.
/// </summary>
public static class SwitchMemoryCommand
{
    private const string Usage = """
        switch-memory [--authorisations N] [--per-day N] [--terminals N] [--data DIR] [--commit-every N]
          Purchases of 1.00 to 9.99 from 100 well-funded cards, spread over the terminals, one business day after another.
          --data DIR: as `possim serve` on its stores (tranlog.db and ledger.db in DIR, which must not hold them yet),
          with a group commit every N requests (default 256) and what serve forgets at each cut-over; without it, the
          core in memory only, as `possim serve --in-memory` runs (which keeps everything for its export at stop).
        """;

    public static Task<int> RunAsync(string[] args)
    {
        if (CommandArgs.Parse(args, Usage) is not { } settings)
        {
            return Task.FromResult(2);
        }

        var total = settings.Long("authorisations", 10_000_000);
        var perDay = settings.Long("per-day", 1_000_000);
        var terminalCount = settings.Int("terminals", 100);

        var data = settings.TryGet("data", out var folder) ? folder : null;
        var commitEvery = settings.Int("commit-every", 256);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero)); // Monday 08:30 local
        using var stores = data is null ? null : DurableStores.Open(data, clock);
        var ledger = stores?.Ledger ?? new PosSim.Ledger.Ledger(clock, new PosSim.Ledger.LedgerOptions { InitialTransferCapacity = 1 << 22 });
        var issuer = new CardIssuer(ledger);
        var provisioning = Provisioning.Demo(terminals: terminalCount, merchants: 10, cards: 110);
        var answered = 0L;
        var approved = 0L;
        var acquirer = new LocalAcquirer(clock, issuer, (_, response) =>
        {
            answered++;
            approved += ResponseCodes.Of(response) == ResponseCodes.Approved ? 1 : 0;
        }, tranlog: (ITranlogStore?)stores?.Tranlog ?? NullTranlogStore.Instance);
        provisioning.ApplyTo(acquirer.Switch.Terminals, issuer);
        var office = new BackOffice(acquirer.Switch, ledger, merchants: provisioning.Terminals.Select(t => t.MerchantId).Distinct().Select(m => new MerchantAgreement(m)), issuer: issuer,
            options: stores is null ? null : AcquirerRetention.Settlement);
        stores?.Attach(acquirer.Switch, issuer, office);
        var terminals = provisioning.Terminals.Select(t => new TerminalMessages(t.TerminalId, t.MerchantId)).ToArray();
        var cards = provisioning.Cards.Where(c => c.BalanceMinor > 1_000_00).Select(c => new CardRead(c.Pan, c.Expiry)).ToArray();
        var request = new IsoMessage();
        var started = Stopwatch.StartNew();
        Console.WriteLine($"# switch-memory {string.Join(' ', args)}; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; {(stores is null ? "in memory" : "on stores in " + data)}");
        Console.WriteLine("| day | authorisations | approved | RSS MB | managed heap MB | duplicate window | reversible | timed out | refundable | tranlog rows | ledger transfers | issuer approvals | back office records | wall s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var sent = 0L;
        for (var day = 1; sent < total; day++)
        {
            var today = Math.Min(perDay, total - sent);
            var step = TimeSpan.FromTicks(TimeSpan.FromHours(12).Ticks / Math.Max(today, 1)); // 08:30 to 20:30 local
            for (var i = 0L; i < today; i++)
            {
                var terminal = terminals[(int)(sent % terminals.Length)];
                terminal.WritePurchase(request, cards[(int)((sent / terminals.Length) % cards.Length)], 1_00 + (sent % 900), clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)));
                acquirer.Submit(sent, request);
                sent++;
                clock.Advance(step);
                if (sent % commitEvery == 0)
                {
                    stores?.Commit();
                }
            }

            // To 23:30 local: the cut-over closes the day (clearing, settlement); then on to the next morning.
            var local = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
            clock.Advance(new DateTimeOffset(local.Date.AddHours(23).AddMinutes(30), local.Offset) - local);
            acquirer.RunDue();
            var reports = office.CatchUp(clock.GetUtcNow());
            if (stores is not null)
            {
                AcquirerRetention.AfterCutOver(office, issuer, reports);
                stores.Commit();
            }

            clock.Advance(TimeSpan.FromHours(9));
            acquirer.RunDue();
            stores?.Commit();

            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            var sizes = acquirer.Switch.IndexSizes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {day} | {sent:N0} | {approved:N0} | {process.WorkingSet64 / (1 << 20):N0} | {GC.GetTotalMemory(false) / (1 << 20):N0} | {sizes.DuplicateWindow:N0} | {sizes.Reversible:N0} | {sizes.TimedOut:N0} | {sizes.Refundable:N0} | {acquirer.Switch.Tranlog.Count:N0} | {ledger.TransferCount:N0} | {issuer.Authorizations.Count:N0} | {office.HeldRecords.Total:N0} | {started.Elapsed.TotalSeconds:N1} |"));
        }

        return Task.FromResult(answered == sent ? 0 : 1);
    }
}

/// <summary>The stores `possim serve` keeps in its data folder, committed as its group commit would.</summary>
internal sealed class DurableStores : IDisposable
{
    private readonly SqliteLedgerStore _ledgerStore;
    private readonly StoredSequences _stored;
    private AcquirerStores? _stores;

    private DurableStores(SqliteLedgerStore ledgerStore, SqliteTranlogStore tranlog, PosSim.Ledger.Ledger ledger, StoredSequences stored)
    {
        _ledgerStore = ledgerStore;
        Tranlog = tranlog;
        Ledger = ledger;
        _stored = stored;
    }

    public SqliteTranlogStore Tranlog { get; }

    public PosSim.Ledger.Ledger Ledger { get; }

    public static DurableStores Open(string folder, TimeProvider clock)
    {
        Directory.CreateDirectory(folder);
        if (File.Exists(Path.Combine(folder, "ledger.db")) || File.Exists(Path.Combine(folder, "tranlog.db")))
        {
            throw new InvalidOperationException($"{folder} already holds stores; give an empty folder.");
        }

        // synchronous=NORMAL: what is measured here is memory, not fsync.
        var ledgerStore = new SqliteLedgerStore(Path.Combine(folder, "ledger.db"), new SqliteLedgerStoreOptions { Durability = SqliteDurability.Normal });
        var tranlog = new SqliteTranlogStore(Path.Combine(folder, "tranlog.db"), synchronousFull: false);
        var stored = AcquirerStores.Reconcile(ledgerStore, tranlog);
        return new DurableStores(ledgerStore, tranlog, PosSim.Ledger.Ledger.Rebuild(ledgerStore, clock), stored);
    }

    public void Attach(AcquirerSwitch acquirerSwitch, CardIssuer issuer, BackOffice office)
    {
        _stores = new AcquirerStores(Ledger, _ledgerStore, Tranlog, () => acquirerSwitch, issuer, () => office.LastCutOver?.DayNumber ?? 0, _stored);
        _stores.KeepOfficeRecords(office);
    }

    public void Commit()
    {
        if (_stores is { } stores && stores.Seal())
        {
            stores.Commit();
        }
    }

    public void Dispose()
    {
        _stores?.Dispose();
        Tranlog.Dispose();
        _ledgerStore.Dispose();
    }
}
