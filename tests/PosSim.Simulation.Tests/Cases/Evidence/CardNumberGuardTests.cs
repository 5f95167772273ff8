using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Iso8583.Cards;
using PosSim.Simulation.Support.Cases.Evidence;

namespace PosSim.Simulation.Tests.Cases.Evidence;

/// <summary>The last guard of the evidence pack: a card number typed into free text never reaches the page in clear.</summary>
public sealed class CardNumberGuardTests
{
    private static readonly CardNumberGuard NoRrns = new(new HashSet<string>());

    [Theory]
    [InlineData("card 4761730000000011, charged twice", "card 476173******0011, charged twice")]
    [InlineData("4761730000000011", "476173******0011")]
    [InlineData("pan=4761730000000011x", "pan=476173******0011x")]
    [InlineData("stan 000041 at 0302140200, 350.00", "stan 000041 at 0302140200, 350.00")]
    [InlineData("4761730000000012 fails the Luhn check", "4761730000000012 fails the Luhn check")]
    public void A_card_number_in_free_text_is_masked_and_other_numbers_are_left_alone(string text, string shown)
    {
        Assert.Equal(shown, NoRrns.Mask(text));
    }

    [Fact]
    public void An_rrn_of_the_case_is_an_identifier_even_when_it_passes_the_luhn_check()
    {
        var rrn = "60611400009" + Pan.LuhnDigit("60611400009");
        var guard = new CardNumberGuard(new HashSet<string> { rrn });

        Assert.True(Pan.IsValid(rrn));
        Assert.Equal($"confirm-records terminal=T0000002 rrn={rrn}", guard.Mask($"confirm-records terminal=T0000002 rrn={rrn}"));
        Assert.Equal($"rrn={Pan.Mask(rrn)}", NoRrns.Mask($"rrn={rrn}"));
    }

    [Property(MaxTest = 300)]
    public Property No_luhn_valid_number_of_12_to_19_digits_survives_anywhere_in_a_text()
    {
        var numbers =
            from length in Gen.Choose(11, 18)
            from digits in Gen.ArrayOf(Gen.Choose(0, 9), length)
            let body = string.Concat(digits)
            select body + Pan.LuhnDigit(body);
        var words = Gen.Elements("card ", "pan=", "", "the customer's ", "x", "\u5361\u53f7 ");
        return Prop.ForAll(
            Arb.From(from before in words from pan in numbers from after in words select (before, pan, after)),
            t => !NoRrns.Mask(t.before + t.pan + " " + t.after).Contains(t.pan, StringComparison.Ordinal));
    }
}
