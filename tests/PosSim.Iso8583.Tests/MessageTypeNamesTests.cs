namespace PosSim.Iso8583.Tests;

public class MessageTypeNamesTests
{
    [Theory]
    [InlineData("0100", "0110")]
    [InlineData("0200", "0210")]
    [InlineData("0220", "0230")]
    [InlineData("0221", "0230")]
    [InlineData("0400", "0410")]
    [InlineData("0401", "0410")]
    [InlineData("0420", "0430")]
    [InlineData("0421", "0430")]
    [InlineData("0500", "0510")]
    [InlineData("0800", "0810")]
    public void A_request_is_answered_by_the_next_function_digit_with_the_repeat_digit_cleared(string request, string response) =>
        Assert.Equal(response, MessageTypes.ResponseTo(request));

    [Theory]
    [InlineData("0210")]
    [InlineData("0430")]
    [InlineData("0290")]
    [InlineData("02")]
    [InlineData("02X0")]
    [InlineData(null)]
    public void A_response_or_malformed_mti_has_no_response(string? mti) => Assert.Null(MessageTypes.ResponseTo(mti));

    [Theory]
    [InlineData("0200", "0200")]
    [InlineData("0210", "0200")]
    [InlineData("0201", "0200")]
    [InlineData("0420", "0420")]
    [InlineData("0421", "0420")]
    [InlineData("0430", "0420")]
    [InlineData("0810", "0800")]
    public void Requests_and_their_responses_share_a_request_class(string mti, string requestClass) =>
        Assert.Equal(requestClass, MessageTypes.RequestClassOf(mti));

    [Fact]
    public void The_default_error_reads_as_no_error() => Assert.Equal("no error", default(IsoError).ToString());
}
