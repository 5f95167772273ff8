using PosSim.Iso8583;

namespace PosSim.Core.Tests.Switch;

/// <summary>A dialect of the user's may let through fields the switch cannot use: it declines them, never throws.</summary>
public sealed class MalformedFieldTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("X9")]
    [InlineData("990000")]
    public void A_processing_code_too_short_or_unknown_is_declined_12(string processingCode)
    {
        var f = new AcquirerFixture();
        var request = AcquirerFixture.Purchase(1, 10_00);
        request.ProcessingCode = processingCode;

        var response = f.Send(request);

        Assert.NotNull(response);
        Assert.Equal(ResponseCodes.InvalidTransaction, response.ResponseCode);
        Assert.Empty(f.Switch.Tranlog);
    }

    [Fact]
    public void An_advice_with_a_short_processing_code_is_declined_not_thrown()
    {
        var f = new AcquirerFixture();
        var request = AcquirerFixture.Purchase(4, 10_00);
        request.Mti = "0220";
        request.ProcessingCode = "0";

        var response = f.Send(request);

        Assert.NotNull(response);
        Assert.Equal("0230", response.Mti);
        Assert.NotEqual(ResponseCodes.Approved, response.ResponseCode);
    }
}
