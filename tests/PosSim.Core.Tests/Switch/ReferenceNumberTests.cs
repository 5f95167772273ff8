using PosSim.Core.Issuer;
using PosSim.Core.Switch;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Switch;

/// <summary>RRNs and approval codes: six digits as always for the first 999,999, letter-led after, never a repeat within the cycle.</summary>
public sealed class ReferenceNumberTests
{
    [Theory]
    [InlineData(1L, "000001")]
    [InlineData(999_999L, "999999")]
    [InlineData(1_000_000L, "A00000")]
    [InlineData(1_000_001L, "A00001")]
    [InlineData(1_000_036L, "A00010")]
    [InlineData(ReferenceNumbers.Cycle, "ZZZZZZ")]
    [InlineData(ReferenceNumbers.Cycle + 1, "000001")]
    public void A_tail_is_six_digits_up_to_999999_then_a_letter_and_five_base36_characters(long n, string tail) =>
        Assert.Equal(tail, ReferenceNumbers.Tail(n));

    [Fact]
    public void Tails_around_the_switch_from_digits_to_letters_are_all_distinct_and_six_characters_long()
    {
        var tails = Enumerable.Range(-50_000, 100_000).Select(i => ReferenceNumbers.Tail(1_000_000L + i)).ToArray();
        Assert.Equal(tails.Length, tails.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tails, t => Assert.Matches("^[0-9A-Z]{6}$", t));
    }

    [Fact]
    public void The_rrn_after_transaction_999999_is_letter_led_and_keeps_the_date_and_hour_prefix()
    {
        var f = new AcquirerFixture();
        f.Switch.ContinueFrom(999_998);

        var last = f.Send(Purchase(1, 10_00))!.Rrn!;
        var next = f.Send(Purchase(2, 20_00))!.Rrn!;

        Assert.Equal(("633314", "999999"), (last[..6], last[6..]));
        Assert.Equal(("633314", "A00000"), (next[..6], next[6..]));
    }

    [Theory]
    [InlineData("iso87-ascii")]
    [InlineData("iso87-binary")]
    [InlineData("iso87-ascii-binary-bitmap")]
    public void A_letter_led_rrn_and_approval_code_cross_every_shipped_dialect_unchanged(string dialect)
    {
        var codec = new Iso8583.IsoCodec(Iso8583.Dialect.Load(dialect));
        var f = new AcquirerFixture();
        f.Switch.ContinueFrom(999_999);
        f.Issuer.ContinueApprovalsFrom(1_000_000);
        var answer = f.Send(Purchase(1, 10_00))!;

        var decoded = codec.Decode(codec.Encode(answer));

        Assert.Matches("^[0-9]{6}A00000$", decoded.Rrn);
        Assert.Matches("^[A-Z][0-9A-Z]{5}$", decoded.AuthCode);
        Assert.True(decoded.ContentEquals(answer));
    }

    [Fact]
    public void Approval_codes_resumed_from_a_stored_counter_do_not_repeat_the_codes_given_before_it()
    {
        var f = new AcquirerFixture();
        var before = Enumerable.Range(1, 5).Select(i => f.Send(Purchase(i, i * 100))!.AuthCode!).ToList();
        var stored = f.Issuer.ApprovalSequence;

        var restarted = new AcquirerFixture(); // a new process: the issuer counts from zero unless told
        restarted.Issuer.ContinueApprovalsFrom(stored);
        var after = Enumerable.Range(1, 5).Select(i => restarted.Send(Purchase(i, i * 100))!.AuthCode!).ToList();

        Assert.Equal(5, stored);
        Assert.Empty(before.Intersect(after));
    }

    [Fact]
    public void Approval_codes_past_the_first_million_are_letter_led_and_distinct()
    {
        var f = new AcquirerFixture();
        f.Issuer.ContinueApprovalsFrom(999_998);

        var codes = Enumerable.Range(1, 4).Select(i => f.Send(Purchase(i, i * 100))!.AuthCode!).ToList();

        Assert.Matches("^[0-9]{6}$", codes[0]);
        Assert.Matches("^[0-9]{6}$", codes[1]);
        Assert.Matches("^[A-Z][0-9A-Z]{5}$", codes[2]);
        Assert.Equal(4, codes.Distinct(StringComparer.Ordinal).Count());
    }
}
