using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Iso8583;
using PosSim.Iso8583.Matching;
using PosSim.Net.Messaging;

namespace PosSim.Net.Tests;

public class MatchKeyTests
{
    [Theory]
    [InlineData("0210", "0200")]
    [InlineData("0410", "0400")]
    [InlineData("0430", "0420")]
    [InlineData("0810", "0800")]
    [InlineData("0230", "0220")]
    [InlineData("0110", "0100")]
    [InlineData("0421", "0420")]
    [InlineData("0200", "0200")]
    public void The_class_clears_the_response_and_repeat_bits(string mti, string expected) =>
        Assert.Equal(expected, MessageTypes.RequestClassOf(mti));

    [Theory]
    [InlineData("0200", "0210")]
    [InlineData("0400", "0410")]
    [InlineData("0420", "0430")]
    [InlineData("0421", "0430")]
    [InlineData("0800", "0810")]
    [InlineData("0220", "0230")]
    public void A_request_is_answered_with_the_matching_response_mti(string request, string expected) =>
        Assert.Equal(expected, MessageTypes.ResponseTo(request));

    [Theory]
    [InlineData("0200", "0210")]
    [InlineData("0421", "0430")]
    [InlineData("0800", "0810")]
    public void A_response_has_the_same_default_key_as_its_request(string requestMti, string responseMti)
    {
        var request = Message(requestMti, 123456, "TERM0001");
        var response = Message(responseMti, 123456, "TERM0001");
        Assert.True(MatchKeySpec.Default.TryGetKey(request, out var a));
        Assert.True(MatchKeySpec.Default.TryGetKey(response, out var b));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Another_terminal_stan_or_class_gives_another_key()
    {
        var key = KeyOf(Message("0200", 1, "TERM0001"));
        Assert.NotEqual(key, KeyOf(Message("0210", 2, "TERM0001")));
        Assert.NotEqual(key, KeyOf(Message("0210", 1, "TERM0002")));
        Assert.NotEqual(key, KeyOf(Message("0410", 1, "TERM0001")));
    }

    [Fact]
    public void A_missing_field_is_part_of_the_key_as_absent()
    {
        var withoutTerminal = new IsoMessage("0800") { Stan = 5 };
        var response = new IsoMessage("0810") { Stan = 5 };
        Assert.Equal(KeyOf(withoutTerminal), KeyOf(response));
        Assert.NotEqual(KeyOf(withoutTerminal), KeyOf(Message("0810", 5, "TERM0001")));
    }

    [Fact]
    public void A_message_without_an_mti_has_no_default_key() =>
        Assert.False(MatchKeySpec.Default.TryGetKey(new IsoMessage(), out _));

    [Fact]
    public void A_custom_key_can_match_on_the_retrieval_reference_number()
    {
        var byRrn = MatchKeySpec.Custom((IsoMessage m, out MatchKey key) =>
        {
            key = new MatchKey(m.Get(IsoMessage.FieldRrn));
            return m.Has(IsoMessage.FieldRrn);
        });
        var request = Message("0200", 1, "TERM0001");
        request.Rrn = "000000000042";
        var response = Message("0210", 999, "OTHER001");
        response.Rrn = "000000000042";
        Assert.True(byRrn.TryGetKey(request, out var a));
        Assert.True(byRrn.TryGetKey(response, out var b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_field_list_key_can_leave_out_the_mti()
    {
        var spec = new MatchKeySpec(false, IsoMessage.FieldStan);
        Assert.Equal(KeyOf(Message("0200", 7, "A0000001"), spec), KeyOf(Message("0810", 7, "B0000001"), spec));
    }

    [Fact]
    public void A_key_reads_as_its_printable_bytes() =>
        Assert.Contains("0200", KeyOf(Message("0210", 1, "TERM0001")).ToString(), StringComparison.Ordinal);

    [Property(MaxTest = 200)]
    public Property Every_stan_and_terminal_matches_only_its_own_response(PositiveInt stan, PositiveInt otherStan, NonEmptyString terminal)
    {
        var tid = new string(terminal.Get.Where(char.IsAsciiLetterOrDigit).Take(8).ToArray()).PadRight(8, 'X');
        var s = (stan.Get % 999999) + 1;
        var o = (otherStan.Get % 999999) + 1;
        var request = KeyOf(Message("0200", s, tid));
        var response = KeyOf(Message("0210", s, tid));
        var other = KeyOf(Message("0210", o, tid));
        return (request == response && (s == o) == (request == other)).ToProperty();
    }

    private static MatchKey KeyOf(IsoMessage message, MatchKeySpec? spec = null)
    {
        Assert.True((spec ?? MatchKeySpec.Default).TryGetKey(message, out var key));
        return key;
    }

    private static IsoMessage Message(string mti, int stan, string terminal)
    {
        var m = new IsoMessage(mti) { Stan = stan, TerminalId = terminal };
        Assert.Equal(8, Encoding.ASCII.GetByteCount(terminal));
        return m;
    }
}
