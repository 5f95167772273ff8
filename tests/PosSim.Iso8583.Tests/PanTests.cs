using PosSim.Iso8583.Cards;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Card numbers: the Luhn check on published test numbers, check digits, and masking for people
/// (first 6 and last 4 kept; track data keeps its separators and hides the discretionary data, which
/// holds the card verification value).
/// </summary>
public class PanTests
{
    [Theory]
    [InlineData("4761739001010119")] // Visa test card
    [InlineData("4111111111111111")]
    [InlineData("5555555555554444")]
    [InlineData("378282246310005")] // 15-digit Amex test card
    [InlineData("6011111111111117")]
    [InlineData("79927398713")] // the textbook example
    [InlineData("0")]
    public void Luhn_check_passes_published_valid_numbers(string digits)
    {
        Assert.True(Pan.LuhnCheck(digits));
    }

    [Theory]
    [InlineData("4761739001010118")]
    [InlineData("4111111111111112")]
    [InlineData("79927398710")]
    [InlineData("")]
    [InlineData("4761 7390 0101 0119")]
    [InlineData("47617390010101l9")]
    public void Luhn_check_fails_a_wrong_check_digit_and_anything_that_is_not_digits(string digits)
    {
        Assert.False(Pan.LuhnCheck(digits));
    }

    [Theory]
    [InlineData("476173900101011", '9')]
    [InlineData("411111111111111", '1')]
    [InlineData("7992739871", '3')]
    [InlineData("", '0')]
    public void Luhn_digit_is_the_check_digit_that_completes_the_number(string partial, char digit)
    {
        Assert.Equal(digit, Pan.LuhnDigit(partial));
        Assert.True(Pan.LuhnCheck(partial + digit));
    }

    [Fact]
    public void Luhn_digit_of_something_that_is_not_digits_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Pan.LuhnDigit("4761x"));
    }

    [Theory]
    [InlineData("4761739001010119", true)]
    [InlineData("476173900101", false)] // 12 digits, Luhn fails
    [InlineData("79927398713", false)] // Luhn passes, but 11 digits is too short for a PAN
    [InlineData("47617390010101190000", false)] // 20 digits
    [InlineData("4761-7390-0101-0119", false)]
    public void A_valid_pan_is_12_to_19_digits_that_pass_the_luhn_check(string pan, bool valid)
    {
        Assert.Equal(valid, Pan.IsValid(pan));
    }

    [Fact]
    public void Valid_pans_can_be_12_and_19_digits_long()
    {
        var twelve = "47617390010" + Pan.LuhnDigit("47617390010");
        var nineteen = "476173900101011900" + Pan.LuhnDigit("476173900101011900");
        Assert.True(Pan.IsValid(twelve));
        Assert.True(Pan.IsValid(nineteen));
    }

    [Theory]
    [InlineData("4761739001010119", "476173******0119")]
    [InlineData("6229881234567890123", "622988*********0123")]
    [InlineData("378282246310005", "378282*****0005")]
    [InlineData("1234567890123", "123456***0123")]
    public void Mask_keeps_the_first_6_and_last_4_digits(string pan, string masked)
    {
        Assert.Equal(masked, Pan.Mask(pan));
    }

    [Theory]
    [InlineData("123456789012", "********9012")]
    [InlineData("1234567890", "******7890")]
    [InlineData("1234", "**34")]
    [InlineData("5", "*")]
    [InlineData("", "")]
    public void Mask_of_a_short_number_shows_at_most_the_last_4_and_never_more_than_half(string pan, string masked)
    {
        Assert.Equal(masked, Pan.Mask(pan));
    }

    [Fact]
    public void Mask_track_of_track_2_keeps_the_pan_ends_and_the_separator_and_hides_the_rest()
    {
        Assert.Equal("476173******0119=*****************", Pan.MaskTrack("4761739001010119=28122011234567890"));
    }

    [Fact]
    public void Mask_track_of_track_1_keeps_the_format_code_and_separators_and_hides_name_and_discretionary_data()
    {
        Assert.Equal(
            "B476173******0119^***************^*******************",
            Pan.MaskTrack("B4761739001010119^CARDHOLDER/TEST^2812201123400000000"));
    }

    [Fact]
    public void Mask_track_keeps_a_D_separator_in_track_2_as_documented()
    {
        Assert.Equal("476173******0119D**********", Pan.MaskTrack("4761739001010119D2812201123"));
    }

    [Fact]
    public void Mask_track_of_data_without_a_separator_masks_it_as_a_pan()
    {
        Assert.Equal("476173******0119", Pan.MaskTrack("4761739001010119"));
    }

    [Theory]
    [InlineData(2, "4761739001010119", "476173******0119")]
    [InlineData(34, "4761739001010119", "476173******0119")]
    [InlineData(35, "4761739001010119=2812201", "476173******0119=*******")]
    [InlineData(36, "4761739001010119=2812201", "476173******0119=*******")]
    [InlineData(45, "B4761739001010119^TEST/A^2812", "B476173******0119^******^****")]
    [InlineData(3, "000000", "000000")]
    [InlineData(37, "4761739001010119", "4761739001010119")]
    public void Mask_field_masks_the_card_fields_by_their_kind_and_leaves_others_alone(int field, string value, string shown)
    {
        Assert.Equal(shown, Pan.MaskField(field, value));
        Assert.Equal(value != shown, Pan.IsSensitiveField(field));
    }
}
