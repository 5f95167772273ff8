using BenchmarkDotNet.Attributes;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using PosSim.Iso8583;

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
        _request = new IsoMessage("0200");
        _request.Pan = provisioning.Cards[0].Pan;
        _request.ProcessingCode = "000000";
        _request.AmountMinor = 1;
        _request.Set(7, "1129140200");
        _request.Set(12, "140200");
        _request.Set(13, "1129");
        _request.Set(14, "2812");
        _request.Set(22, "051");
        _request.TerminalId = provisioning.Terminals[0].TerminalId;
        _request.MerchantId = provisioning.Terminals[0].MerchantId;
        _request.CurrencyCode = "156";
    }

    [Benchmark]
    public int ApprovedPurchase()
    {
        _request.Stan = (_stan++ % 999_999) + 1;
        _acquirer.Submit(++_token, _request);
        return _answered;
    }
}
