using System.Net;
using System.Net.Sockets;
using PosSim.Host.Serve;
using PosSim.Core.Roles;
using PosSim.Host;
using PosSim.Host.Loop;
using PosSim.Iso8583;
using PosSim.Iso8583.Framing;
using PosSim.Net.Client;
using PosSim.Simulation.Terminals;
using PosSim.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace PosSim.Cli.Tests;

/// <summary>
/// `possim serve` over loopback: the real server, the real client, the messages of docs/serve-protocol.md.
/// Every test binds port 0 on 127.0.0.1 and is bounded by a timeout.
/// </summary>
public sealed class ServeEndToEndTests : IAsyncLifetime
{
    /// <summary>The terminals' local time: 29 November, noon.</summary>
    internal static readonly DateTimeOffset LocalTime = new(2025, 11, 29, 12, 0, 0, TimeSpan.FromHours(8));

    private readonly TempFolder _data = new("possim-serve-");
    private readonly Dictionary<string, TerminalMessages> _terminals = [];
    private AcquirerService _service = null!;
    private IsoClient _client = null!;
    private Provisioning _provisioned = null!;

    private ProvisionedTerminal Terminal => _provisioned.Terminals[0];

    private ProvisionedCard RichCard => _provisioned.Cards[0];

    private ProvisionedCard PoorCard => _provisioned.Cards.First(c => c.BalanceMinor == 50_00);

    public async Task InitializeAsync()
    {
        var options = new ServeOptions { Listen = "127.0.0.1:0", Data = _data.Path };
        _service = new AcquirerService(options, TextWriter.Null, NullLoggerFactory.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _service.StartAsync(cts.Token);
        _provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(_data.Sub("provisioned.json"), cts.Token));
        _client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = _service.EndPoint!, DefaultTimeout = TimeSpan.FromSeconds(20) }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _service.StopAsync(cts.Token);
        _data.Dispose();
    }

    [Fact]
    public void Provisioned_json_lists_terminals_cards_and_the_currency()
    {
        Assert.NotEmpty(_provisioned.Terminals);
        Assert.NotEmpty(_provisioned.Cards);
        Assert.Equal("156", _provisioned.Currency);
        Assert.All(_provisioned.Cards, c => Assert.True(Iso8583.Cards.Pan.IsValid(c.Pan)));
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)_service.EndPoint!).Address);
    }

    [Fact]
    public async Task An_approved_purchase_echoes_the_contract_fields_and_carries_37_38_and_00()
    {
        var request = Purchase(RichCard, 350_00);
        var response = await _client.SendAsync(request);
        Assert.Equal("0210", response.Mti);
        foreach (var field in new[] { 3, 4, 7, 11, 12, 13, 41, 42, 49 })
        {
            Assert.Equal(request.GetString(field), response.GetString(field));
        }

        Assert.Matches("^[0-9]{12}$", response.Rrn);
        Assert.Matches("^[0-9]{6}$", response.AuthCode);
        Assert.Equal("00", response.ResponseCode);
    }

    [Fact]
    public async Task Over_the_balance_is_51_and_an_unlisted_terminal_is_58()
    {
        Assert.Equal("51", (await _client.SendAsync(Purchase(PoorCard, 50_01))).ResponseCode);
        var stranger = new TerminalMessages("NOTLISTD", Terminal.MerchantId).Purchase(Read(RichCard), 100, LocalTime);
        Assert.Equal("58", (await _client.SendAsync(stranger)).ResponseCode);
    }

    [Fact]
    public async Task Refund_void_and_reversal_each_get_their_answer()
    {
        var terminal = TerminalOf(Terminal);
        var purchase = await _client.SendAsync(Purchase(RichCard, 100_00));
        var refund = terminal.Refund(Read(RichCard), 40_00, purchase.Rrn!, LocalTime);
        Assert.Equal("00", (await _client.SendAsync(refund)).ResponseCode);

        var second = await _client.SendAsync(Purchase(RichCard, 70_00));
        var voiding = terminal.Void(Read(RichCard), 70_00, second.Rrn!, LocalTime);
        Assert.Equal("00", (await _client.SendAsync(voiding)).ResponseCode);

        var third = Purchase(RichCard, 30_00);
        Assert.Equal("00", (await _client.SendAsync(third)).ResponseCode);
        var reversed = await _client.SendAsync(TerminalMessages.Reversal(third));
        Assert.Equal("0410", reversed.Mti);
        Assert.Equal("00", reversed.ResponseCode);
    }

    [Theory]
    [InlineData(NetworkCode.SignOn)]
    [InlineData(NetworkCode.SignOff)]
    [InlineData(NetworkCode.Echo)]
    public async Task Network_management_gets_0810_00(NetworkCode code)
    {
        var response = await _client.SendAsync(TerminalOf(Terminal).Network(code, LocalTime));
        Assert.Equal("0810", response.Mti);
        Assert.Equal("00", response.ResponseCode);
    }

    [Fact]
    public async Task Batch_totals_in_balance_get_00()
    {
        var terminal = _provisioned.Terminals[1];
        await _client.SendAsync(Purchase(RichCard, 12_00, terminal));
        var batch = TerminalOf(terminal).BatchTotals(debitCount: 1, debitAmountMinor: 12_00, creditCount: 0, creditAmountMinor: 0, LocalTime.AddHours(11));
        Assert.Equal("00", (await _client.SendAsync(batch)).ResponseCode);
    }

    [Fact]
    public async Task Hundreds_of_requests_in_flight_on_one_connection_are_each_matched_to_their_own_answer()
    {
        var requests = Enumerable.Range(0, 500).Select(i => Purchase(RichCard, 1_00 + i, _provisioned.Terminals[i % _provisioned.Terminals.Count])).ToList();
        var responses = await Task.WhenAll(requests.Select(r => _client.SendAsync(r)));
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(requests[i].Stan, responses[i].Stan);
            Assert.Equal(requests[i].TerminalId, responses[i].TerminalId);
            Assert.Equal(requests[i].AmountMinor, responses[i].AmountMinor);
            Assert.Equal("00", responses[i].ResponseCode);
        }

        Assert.Equal(500, responses.Select(r => r.Rrn).Distinct().Count());
    }

    [Fact]
    public async Task A_field_that_breaks_its_format_gets_30_and_the_server_keeps_serving()
    {
        // A purchase whose amount carries a letter: MTI, 11 and 41 are readable, so the answer is 30.
        var bad = Purchase(RichCard, 100);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var raw = new TcpClient();
        await raw.ConnectAsync((IPEndPoint)_service.EndPoint!, cts.Token);
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var bytes = codec.Encode(bad);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var amountAt = text.IndexOf("000000000100", StringComparison.Ordinal);
        bytes[amountAt + 5] = (byte)'X';
        await raw.Client.SendAsync(RawFrames.Binary2(bytes), SocketFlags.None, cts.Token);
        var response = codec.Decode(await RawFrames.ReadBinary2Async(raw.Client, cts.Token));
        Assert.Equal("30", response.ResponseCode);
        Assert.Equal(bad.Stan, response.Stan);
        Assert.Equal(bad.TerminalId, response.TerminalId);

        Assert.Equal("00", (await _client.SendAsync(Purchase(RichCard, 100))).ResponseCode);
    }

    /// <summary>A purchase as <see cref="TerminalMessages"/> builds it, from the first terminal unless told otherwise.</summary>
    private IsoMessage Purchase(ProvisionedCard card, long amount, ProvisionedTerminal? terminal = null) =>
        TerminalOf(terminal ?? Terminal).Purchase(Read(card), amount, LocalTime);

    /// <summary>Each provisioned terminal's message builder, which keeps that terminal's STAN sequence.</summary>
    private TerminalMessages TerminalOf(ProvisionedTerminal terminal)
    {
        if (!_terminals.TryGetValue(terminal.TerminalId, out var messages))
        {
            messages = new TerminalMessages(terminal.TerminalId, terminal.MerchantId);
            _terminals.Add(terminal.TerminalId, messages);
        }

        return messages;
    }

    internal static CardRead Read(ProvisionedCard card) => new(card.Pan, card.Expiry);
}

/// <summary>Stopping and starting `serve` on the same data folder keeps the money where it was.</summary>
public sealed class ServeRestartTests
{
    [Fact]
    public async Task A_restart_on_the_same_data_folder_rebuilds_the_ledger_and_keeps_approving()
    {
        using var data = new TempFolder("possim-restart-");
        var first = await PurchaseOnFreshServer(data, stan: 1, amount: 999_999_00);
        Assert.Equal("00", first);

        // The card held 1,000,000.00 and 999,999.00 of it is on hold: after the restart only 1.00 is available.
        Assert.Equal("51", await PurchaseOnFreshServer(data, stan: 2, amount: 2_00));
        Assert.Equal("00", await PurchaseOnFreshServer(data, stan: 3, amount: 1_00));

        // Nothing a run stored is overwritten by the next: three runs, three rows, three RRNs.
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={data.Sub("tranlog.db")};Pooling=false");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*), COUNT(DISTINCT rrn), COUNT(DISTINCT txn_id) FROM tranlog";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal([3L, 3L, 3L], [reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)]);
    }

    /// <summary>Starts serve on <paramref name="data"/>, sends one purchase carrying <paramref name="stan"/> (a second later per STAN), stops.</summary>
    private static async Task<string?> PurchaseOnFreshServer(TempFolder data, int stan, long amount)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = data.Path, Terminals = 1, Cards = 1 }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        try
        {
            var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(data.Sub("provisioned.json"), cts.Token));
            await using var client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint! }, cts.Token);
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: stan);
            var purchase = terminal.Purchase(ServeEndToEndTests.Read(provisioned.Cards[0]), amount, ServeEndToEndTests.LocalTime.AddSeconds(stan));
            return (await client.SendAsync(purchase, cancellationToken: cts.Token)).ResponseCode;
        }
        finally
        {
            await service.StopAsync(cts.Token);
        }
    }
}

/// <summary>A `possim serve` run leaves its reconciliation files behind, and `possim match` reads them.</summary>
public sealed class ServeReconciliationExportTests
{
    [Fact]
    public async Task Stopping_the_server_writes_the_contract_files_and_match_finds_nothing_wrong()
    {
        using var data = new TempFolder("possim-recon-");
        var output = data.Sub("match-out");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var service = new AcquirerService(new ServeOptions { Listen = "127.0.0.1:0", Data = data.Path, Terminals = 2, Cards = 3 }, TextWriter.Null, NullLoggerFactory.Instance);
        await service.StartAsync(cts.Token);
        var provisioned = Provisioning.FromJson(await File.ReadAllTextAsync(data.Sub("provisioned.json"), cts.Token));
        await using (var client = await IsoClient.ConnectAsync(new IsoClientOptions { EndPoint = service.EndPoint! }, cts.Token))
        {
            var terminal = new TerminalMessages(provisioned.Terminals[0].TerminalId, provisioned.Terminals[0].MerchantId, firstStan: 42);
            var purchase = terminal.Purchase(ServeEndToEndTests.Read(provisioned.Cards[0]), 350_00, ServeEndToEndTests.LocalTime.Add(new TimeSpan(2, 2, 15)));
            Assert.Equal("00", (await client.SendAsync(purchase, cancellationToken: cts.Token)).ResponseCode);
        }

        await service.StopAsync(cts.Token);

        var recon = data.Sub("recon");
        foreach (var file in new[] { "merchants.csv", "transactions.csv", "clearing.csv", "settlements.csv", "payouts.csv", "batches.csv", "holidays.csv" })
        {
            Assert.True(File.Exists(Path.Combine(recon, file)), file);
        }

        var transactions = await File.ReadAllLinesAsync(Path.Combine(recon, "transactions.csv"), cts.Token);
        Assert.Equal(2, transactions.Length); // header and the one purchase
        Assert.DoesNotContain(provisioned.Cards[0].Pan, string.Join('\n', transactions), StringComparison.Ordinal);

        var match = CliRunner.Run("match", "--in", recon, "--out", output);
        Assert.Equal(0, match.ExitCode);
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(output, "exceptions.csv"), cts.Token)); // the header only
    }
}
