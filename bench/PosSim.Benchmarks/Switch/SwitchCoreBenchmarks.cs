using BenchmarkDotNet.Attributes;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;

namespace PosSim.Benchmarks.Switch;

/// <summary>
/// One approved purchase through the sans-IO core (switch, issuer, in-memory ledger), no network: what the
/// loop thread spends per authorisation. Run: dotnet run -c Release --project bench/PosSim.Benchmarks -- --filter '*SwitchCore*'
/// </summary>
[MemoryDiagnoser]
public class SwitchCoreBenchmarks
{
    private LocalAcquirer _acquirer = null!;
    private IsoMessage _request = null!;
    private int _stan;
    private long _token;
    private int _answered;

    [GlobalSetup]
    public void Setup()
    {
        var time = TimeProvider.System;
        var ledger = new PosSim.Ledger.Ledger(time, new PosSim.Ledger.LedgerOptions { InitialTransferCapacity = 1 << 22 });
        var issuer = new CardIssuer(ledger);
        var provisioning = Provisioning.Demo(terminals: 1, cards: 10);
        provisioning.ApplyTo(new TerminalRegistry(), issuer);
        _acquirer = new LocalAcquirer(time, issuer, (_, response) => _answered += response.ResponseCode == ResponseCodes.Approved ? 1 : 0);
        _acquirer.Switch.Terminals.Add(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId);
        _request = new IsoMessage();
        var card = provisioning.Cards[0];
        new TerminalMessages(provisioning.Terminals[0].TerminalId, provisioning.Terminals[0].MerchantId)
            .WritePurchase(_request, new CardRead(card.Pan, card.Expiry), 1, new DateTimeOffset(2026, 11, 29, 14, 2, 0, TimeSpan.FromHours(8)));
    }

    [Benchmark]
    public int ApprovedPurchase()
    {
        _request.Stan = (_stan++ % 999_999) + 1;
        _acquirer.Submit(++_token, _request);
        return _answered;
    }
}
