using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Switch;
using PosSim.Core.Tests.Switch;
using PosSim.Iso8583;
using PosSim.Simulation.Terminals;
using static PosSim.Core.Tests.Switch.AcquirerFixture;

namespace PosSim.Core.Tests.Simulation;

/// <summary>
/// The one terminal message builder: its STAN sequence, and the messages it builds as the switch and the codec
/// take them (through <see cref="AcquirerFixture"/>'s LocalAcquirer, and the built-in dialect iso87-ascii).
/// </summary>
public class TerminalMessagesTests
{
    private const string TerminalId = AcquirerFixture.Terminal;

    private static readonly CardRead GoodCard = new(Card, "2812");

    [Fact]
    public void A_new_terminal_starts_at_stan_1_and_takes_a_new_stan_for_every_message()
    {
        var terminal = new TerminalMessages(TerminalId, Merchant);
        Assert.Equal(1, terminal.Purchase(GoodCard, 100, LocalStart).Stan);
        Assert.Equal(2, terminal.Network(NetworkCode.Echo, LocalStart).Stan);
        Assert.Equal(3, terminal.BatchTotals(0, 0, 0, 0, LocalStart).Stan);
        Assert.Equal(4, terminal.NextStan);
    }

    [Fact]
    public void The_stan_wraps_from_999999_to_1()
    {
        var terminal = new TerminalMessages(TerminalId, Merchant, firstStan: 999_998);
        Assert.Equal(999_998, terminal.Purchase(GoodCard, 100, LocalStart).Stan);
        Assert.Equal(999_999, terminal.Refund(GoodCard, 100, "000000000001", LocalStart).Stan);
        Assert.Equal(1, terminal.Network(NetworkCode.Echo, LocalStart).Stan);
        Assert.Equal(2, terminal.TakeStan());
        Assert.Equal(3, terminal.NextStan);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    public void A_stan_outside_1_to_999999_is_refused(int firstStan) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TerminalMessages(TerminalId, Merchant, firstStan: firstStan));

    [Fact]
    public void Writing_into_a_used_message_leaves_nothing_of_the_old_one()
    {
        var reused = new TerminalMessages(TerminalId, Merchant, firstStan: 7).Refund(GoodCard, 500, "000000000042", LocalStart);
        reused.Set(90, new string('1', 42));

        var stan = new TerminalMessages(TerminalId, Merchant, firstStan: 8).WritePurchase(reused, GoodCard, 100, LocalStart);

        Assert.Equal(8, stan);
        Assert.True(reused.ContentEquals(new TerminalMessages(TerminalId, Merchant, firstStan: 8).Purchase(GoodCard, 100, LocalStart)));
        Assert.False(reused.Has(IsoMessage.FieldRrn));
        Assert.False(reused.Has(IsoMessage.FieldOriginalData));
    }

    [Fact]
    public void A_purchase_it_builds_is_approved_by_the_switch_end_to_end()
    {
        var f = new AcquirerFixture();
        var terminal = new TerminalMessages(TerminalId, Merchant);
        var purchase = terminal.Purchase(GoodCard, 350_00, LocalStart);

        var response = f.Send(purchase)!;

        Assert.Equal("0210", response.Mti);
        Assert.Equal("00", response.ResponseCode);
        Assert.Matches("^[0-9]{6}$", response.AuthCode);
        Assert.Equal(650_00, f.Available(Card)); // held at the issuer
        var entry = Assert.Single(f.Switch.Tranlog);
        Assert.Equal(TransactionKind.Purchase, entry.Kind);
        Assert.True(entry.IsApproved);
        Assert.Equal(purchase.Stan, entry.Stan);
        Assert.Equal(response.Rrn, entry.Rrn);
    }

    [Fact]
    public void Its_reversal_names_the_original_in_field_90_and_the_switch_finds_it_there_and_releases_the_hold()
    {
        var f = new AcquirerFixture();
        var terminal = new TerminalMessages(TerminalId, Merchant);
        var purchase = terminal.Purchase(GoodCard, 200_00, LocalStart);
        var rrn = f.Send(purchase)!.Rrn;
        Assert.Equal(800_00, f.Available(Card));

        var reversal = TerminalMessages.Reversal(purchase);
        Assert.Equal("0400", reversal.Mti);
        Assert.True(OriginalData.TryRead(reversal, out var original));
        Assert.Equal("0200", original.Mti);
        Assert.Equal(purchase.Stan, original.Stan);
        Assert.Equal(purchase.GetString(IsoMessage.FieldTransmissionDateTime), original.TransmissionDateTime);
        Assert.Equal(purchase.Stan, reversal.Stan); // it keeps the original's STAN, as terminals do

        // A new STAN on the reversal leaves field 90 the only way to the original; without it the switch finds nothing.
        reversal.Stan = terminal.TakeStan();
        var without = new IsoMessage();
        reversal.CopyTo(without);
        without.Remove(IsoMessage.FieldOriginalData);
        Assert.Equal("25", f.Send(without)!.ResponseCode);
        Assert.Equal(800_00, f.Available(Card));

        var response = f.Send(reversal)!;

        Assert.Equal("0410", response.Mti);
        Assert.Equal("00", response.ResponseCode);
        Assert.Equal(1_000_00, f.Available(Card)); // the hold is released
        var logged = Assert.Single(f.Switch.Tranlog, e => e.Kind == TransactionKind.Reversal);
        Assert.Equal(rrn, logged.OriginalRrn);
        Assert.Equal(logged.Rrn, f.Switch.Tranlog.Single(e => e.Rrn == rrn).CancelledBy);
        Assert.Empty(f.Switch.Queue); // the reversal advice reached the issuer
    }

    [Fact]
    public void Batch_totals_put_debits_in_76_and_88_and_credits_in_74_and_86()
    {
        var terminal = new TerminalMessages(TerminalId, Merchant);
        var m = terminal.BatchTotals(debitCount: 2, debitAmountMinor: 150_00, creditCount: 1, creditAmountMinor: 30_00, LocalStart);

        Assert.Equal("0500", m.Mti);
        Assert.Equal("0000000002", m.GetString(76));
        Assert.Equal("0000000000015000", m.GetString(88));
        Assert.Equal("0000000001", m.GetString(74));
        Assert.Equal("0000000000003000", m.GetString(86));
        Assert.Equal(TerminalId, m.TerminalId);
        Assert.Equal(Merchant, m.MerchantId);
        Assert.Equal(2, terminal.BatchNumber); // the next batch is open
    }

    [Fact]
    public void The_switch_answers_batch_totals_00_when_they_agree_and_95_when_debits_and_credits_are_swapped()
    {
        var f = new AcquirerFixture();
        var terminal = new TerminalMessages(TerminalId, Merchant);
        var rrn = f.Send(terminal.Purchase(GoodCard, 100_00, LocalStart))!.Rrn!;
        Assert.Equal("00", f.Send(terminal.Purchase(GoodCard, 50_00, LocalStart))!.ResponseCode);
        Assert.Equal("00", f.Send(terminal.Refund(GoodCard, 30_00, rrn, LocalStart))!.ResponseCode);

        Assert.Equal("95", f.Send(terminal.BatchTotals(1, 30_00, 2, 150_00, LocalStart))!.ResponseCode);
        Assert.Equal(1, f.Switch.Terminals.All.First(t => t.TerminalId == TerminalId).BatchNumber);

        Assert.Equal("00", f.Send(terminal.BatchTotals(2, 150_00, 1, 30_00, LocalStart))!.ResponseCode);
        Assert.Equal(2, f.Switch.Terminals.All.First(t => t.TerminalId == TerminalId).BatchNumber);
    }

    [Property(MaxTest = 500)]
    public Property Every_message_it_builds_encodes_and_decodes_unchanged_in_iso87_ascii()
    {
        var codec = new IsoCodec(Dialect.Load("iso87-ascii"));
        return Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var message = Build(c);
            var bytes = codec.Encode(message);
            var decoded = codec.Decode(bytes);
            Assert.True(decoded.ContentEquals(message), $"{c.Kind}: sent {message}, decoded {decoded}");
            Assert.Equal(bytes, codec.Encode(decoded));
            return true;
        });
    }

    public enum Kind
    {
        Purchase,
        WrittenPurchase,
        Refund,
        Void,
        Reversal,
        ReversalAdvice,
        SignOn,
        SignOff,
        Echo,
        BatchTotals,
    }

    /// <summary>One message to build: the terminal, what it sends, and the values that go in it.</summary>
    public sealed record Case(
        Kind Kind,
        string TerminalId,
        string MerchantId,
        string Currency,
        int FirstStan,
        CardRead Card,
        long Amount,
        string Rrn,
        DateTimeOffset LocalTime,
        (int Count, long Amount) Debits,
        (int Count, long Amount) Credits);

    private static readonly char[] DigitChars = "0123456789".ToCharArray();

    private static readonly char[] IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray();

    private static Gen<string> Chars(char[] alphabet, int length) =>
        from chars in Gen.ArrayOf(Gen.Elements(alphabet), length)
        select new string(chars);

    private static Gen<string> Digits(int min, int max) =>
        from length in Gen.Choose(min, max)
        from digits in Chars(DigitChars, length)
        select digits;

    /// <summary>0 to 10^(2 * half) - 1, from two halves of digits.</summary>
    private static Gen<long> Number(int halfDigits)
    {
        var top = (int)Math.Pow(10, halfDigits) - 1;
        return from high in Gen.Choose(0, top)
               from low in Gen.Choose(0, top)
               select (high * (top + 1L)) + low;
    }

    private static readonly Gen<DateTimeOffset> LocalTimes =
        from days in Gen.Choose(0, 36_524)
        from seconds in Gen.Choose(0, 86_399)
        from offset in Gen.Choose(-12, 14)
        select new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(offset)).AddDays(days).AddSeconds(seconds);

    private static readonly Gen<Case> Cases =
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from terminalId in Chars(IdChars, 8)
        from merchantId in Chars(IdChars, 15)
        from currency in Gen.Elements("156", "344", "840", "978")
        from firstStan in Gen.Choose(1, 999_999)
        from pan in Digits(12, 19)
        from expiry in Digits(4, 4)
        from amount in Number(6)
        from rrn in Chars(IdChars, 12)
        from localTime in LocalTimes
        from debitCount in Gen.Choose(0, int.MaxValue)
        from debitAmount in Number(8)
        from creditCount in Gen.Choose(0, int.MaxValue)
        from creditAmount in Number(8)
        select new Case(kind, terminalId, merchantId, currency, firstStan, new CardRead(pan, expiry), Math.Max(1, amount), rrn, localTime,
            (debitCount, debitAmount), (creditCount, creditAmount));

    private static IsoMessage Build(Case c)
    {
        var terminal = new TerminalMessages(c.TerminalId, c.MerchantId, c.Currency, c.FirstStan);
        switch (c.Kind)
        {
            case Kind.Purchase:
                return terminal.Purchase(c.Card, c.Amount, c.LocalTime);
            case Kind.WrittenPurchase:
                var reused = new TerminalMessages(c.TerminalId, c.MerchantId).Void(c.Card, c.Amount, c.Rrn, c.LocalTime);
                terminal.WritePurchase(reused, c.Card, c.Amount, c.LocalTime);
                return reused;
            case Kind.Refund:
                return terminal.Refund(c.Card, c.Amount, c.Rrn, c.LocalTime);
            case Kind.Void:
                return terminal.Void(c.Card, c.Amount, c.Rrn, c.LocalTime);
            case Kind.Reversal:
                return TerminalMessages.Reversal(terminal.Purchase(c.Card, c.Amount, c.LocalTime));
            case Kind.ReversalAdvice:
                return TerminalMessages.Reversal(terminal.Refund(c.Card, c.Amount, c.Rrn, c.LocalTime), "0420");
            case Kind.SignOn:
                return terminal.Network(NetworkCode.SignOn, c.LocalTime);
            case Kind.SignOff:
                return terminal.Network(NetworkCode.SignOff, c.LocalTime);
            case Kind.Echo:
                return terminal.Network(NetworkCode.Echo, c.LocalTime);
            default:
                return terminal.BatchTotals(c.Debits.Count, c.Debits.Amount, c.Credits.Count, c.Credits.Amount, c.LocalTime);
        }
    }
}
