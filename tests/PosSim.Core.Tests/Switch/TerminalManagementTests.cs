using PosSim.Simulation.Terminals;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

public class TerminalManagementTests
{
    [Theory]
    [InlineData(NetworkCode.SignOn, "001")]
    [InlineData(NetworkCode.SignOff, "002")]
    [InlineData(NetworkCode.Echo, "301")]
    public void Network_management_is_answered_0810_00(NetworkCode network, string code)
    {
        var f = new AcquirerFixture();
        var response = f.Send(Network(network))!;
        Assert.Equal("0810", response.Mti);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(code, response.GetString(70));
    }

    [Theory]
    [InlineData(NetworkCode.SignOn)]
    [InlineData(NetworkCode.SignOff)]
    [InlineData(NetworkCode.Echo)]
    public void Network_management_without_field_41_is_a_host_on_the_link_and_is_answered_00(NetworkCode network)
    {
        var f = new AcquirerFixture();
        var request = TerminalAt(Terminal).Network(network, LocalStart, asHost: true);
        Assert.False(request.Has(41));
        var response = f.Send(request)!;
        Assert.Equal("0810", response.Mti);
        Assert.Equal("00", response.ResponseCode);
    }

    [Fact]
    public void Network_management_from_an_unknown_terminal_or_with_an_unknown_code_without_field_41_is_still_58()
    {
        var f = new AcquirerFixture();
        Assert.Equal("58", f.Send(Network(NetworkCode.SignOn, terminal: "NOTLISTD"))!.ResponseCode);
        var unknown = TerminalAt(Terminal).Network(NetworkCode.Echo, LocalStart, asHost: true);
        unknown.Set(70, "999");
        Assert.Equal("58", f.Send(unknown)!.ResponseCode);
    }

    [Fact]
    public void A_signed_off_terminal_is_refused_58_until_it_signs_on_again()
    {
        var f = new AcquirerFixture();
        f.Send(Network(NetworkCode.SignOff));
        Assert.Equal("58", f.Send(Purchase(1, 100))!.ResponseCode);
        f.Send(Network(NetworkCode.SignOn));
        Assert.Equal("00", f.Send(Purchase(2, 100))!.ResponseCode);
    }

    [Fact]
    public void Balanced_batch_totals_close_the_batch_and_out_of_balance_totals_get_95()
    {
        var f = new AcquirerFixture();
        var rrn = f.Send(Purchase(1, 100_00))!.Rrn!;
        f.Send(Purchase(2, 50_00));
        f.Send(Refund(3, 30_00, rrn));
        var voided = f.Send(Purchase(4, 10_00))!.Rrn!;
        f.Send(Void(5, 10_00, voided));

        Assert.Equal("95", f.Send(BatchTotals.Message(debits: 3, debitAmount: 160_00, credits: 1, creditAmount: 30_00))!.ResponseCode);
        Assert.Equal(1, f.Switch.Terminals.All.First().BatchNumber);

        Assert.Equal("00", f.Send(BatchTotals.Message(debits: 2, debitAmount: 150_00, credits: 1, creditAmount: 30_00))!.ResponseCode);
        Assert.Equal(2, f.Switch.Terminals.All.First().BatchNumber);
        Assert.Equal("00", f.Send(BatchTotals.Message())!.ResponseCode); // the new batch is empty
    }

    [Fact]
    public void An_offline_advice_is_booked_approved_and_reaches_the_issuer()
    {
        var f = new AcquirerFixture();
        var advice = Purchase(1, 80_00);
        advice.Mti = "0220";
        advice.AuthCode = "123456";
        var response = f.Send(advice)!;
        Assert.Equal("0230", response.Mti);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(920_00, f.Available(Card));
        Assert.Empty(f.Switch.Queue);
    }
}
