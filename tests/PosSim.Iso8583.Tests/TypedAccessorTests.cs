using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// The typed accessors the switch reads on every message, and the message basics under them: setting,
/// reading, removing, copying and comparing fields, and the MTI.
/// </summary>
public class TypedAccessorTests
{
    [Fact]
    public void Amount_is_written_as_12_zero_padded_digits_and_read_as_minor_units()
    {
        var message = new IsoMessage("0200") { AmountMinor = 35000 };
        Assert.Equal("000000035000", message.GetString(IsoMessage.FieldAmount));
        Assert.Equal(35000, message.AmountMinor);
        message.AmountMinor = 0;
        Assert.Equal("000000000000", message.GetString(4));
        message.AmountMinor = 999_999_999_999;
        Assert.Equal(999_999_999_999, message.AmountMinor);
    }

    [Fact]
    public void Setting_an_accessor_to_null_removes_the_field()
    {
        var message = new IsoMessage("0200") { AmountMinor = 1, Stan = 2, TerminalId = "TERM0001" };
        message.AmountMinor = null;
        message.Stan = null;
        message.TerminalId = null;
        Assert.Equal(0, message.FieldCount);
        Assert.Null(message.AmountMinor);
        Assert.Null(message.Stan);
        Assert.Null(message.TerminalId);
    }

    [Fact]
    public void An_amount_too_large_for_12_digits_or_negative_is_refused_and_leaves_the_field_unset()
    {
        var message = new IsoMessage("0200");
        Assert.Throws<ArgumentException>(() => message.AmountMinor = 1_000_000_000_000);
        Assert.False(message.Has(4));
        Assert.Throws<ArgumentException>(() => message.AmountMinor = -1);
        Assert.False(message.Has(4));
    }

    [Theory]
    [InlineData("00000000500X")]
    [InlineData("")]
    [InlineData("1234567890123456789")] // 19 digits: more than a long can promise
    public void Amount_that_is_not_a_number_reads_as_null(string carried)
    {
        var message = new IsoMessage("0200");
        message.Set(4, carried);
        Assert.Null(message.AmountMinor);
    }

    [Fact]
    public void Stan_is_written_as_6_zero_padded_digits()
    {
        var message = new IsoMessage("0200") { Stan = 37 };
        Assert.Equal("000037", message.GetString(IsoMessage.FieldStan));
        Assert.Equal(37, message.Stan);
        Assert.Throws<ArgumentException>(() => message.Stan = 1_000_000);
    }

    [Fact]
    public void Stan_that_is_not_a_number_reads_as_null()
    {
        var message = new IsoMessage("0200");
        message.Set(11, "00003X");
        Assert.Null(message.Stan);
    }

    [Fact]
    public void Stan_too_long_for_an_int_reads_as_null_rather_than_throwing()
    {
        // Field 11 can hold anything until it is encoded (for example after MessageJson.TryRead),
        // and a getter that the switch calls on every message must not throw on content.
        var message = new IsoMessage("0200");
        message.Set(11, "12345678901");
        Assert.Null(message.Stan);
    }

    [Fact]
    public void Text_accessors_read_and_write_their_fields_as_given()
    {
        var message = new IsoMessage("0200")
        {
            Pan = "4761739001010119",
            ProcessingCode = "200000",
            Rrn = "516314000037",
            AuthCode = "AB1234",
            ResponseCode = "00",
            TerminalId = "TERM0001",
            MerchantId = "MERCH000000001 ",
            CurrencyCode = "156",
        };
        Assert.Equal("4761739001010119", message.GetString(IsoMessage.FieldPan));
        Assert.Equal("200000", message.GetString(IsoMessage.FieldProcessingCode));
        Assert.Equal("516314000037", message.GetString(IsoMessage.FieldRrn));
        Assert.Equal("AB1234", message.GetString(IsoMessage.FieldAuthCode));
        Assert.Equal("00", message.GetString(IsoMessage.FieldResponseCode));
        Assert.Equal("TERM0001", message.GetString(IsoMessage.FieldTerminalId));
        Assert.Equal("MERCH000000001 ", message.GetString(IsoMessage.FieldMerchantId));
        Assert.Equal("156", message.GetString(IsoMessage.FieldCurrency));
        Assert.Equal([2, 3, 37, 38, 39, 41, 42, 49], message.Fields.ToArray());
        Assert.Equal("4761739001010119", message.Pan);
        Assert.Equal("MERCH000000001 ", message.MerchantId);
    }

    [Theory]
    [InlineData("0210", true)]
    [InlineData("0110", true)]
    [InlineData("0430", true)]
    [InlineData("0810", true)]
    [InlineData("0200", false)]
    [InlineData("0420", false)]
    [InlineData("0421", false)]
    public void A_response_is_an_mti_whose_third_digit_is_odd(string mti, bool response)
    {
        Assert.Equal(response, new IsoMessage(mti).IsResponse);
    }

    [Fact]
    public void A_message_without_an_mti_is_not_a_response_and_cannot_be_encoded()
    {
        var message = new IsoMessage();
        Assert.Null(message.Mti);
        Assert.False(message.IsResponse);
        var e = Assert.Throws<IsoFormatException>(() => new IsoCodec(Dialect.BuiltIn("iso87-ascii")).Encode(message));
        Assert.Equal(IsoErrorKind.MissingMti, e.Error.Kind);
        Assert.Equal(0, e.Field);
    }

    [Theory]
    [InlineData("200")]
    [InlineData("02000")]
    [InlineData("02A0")]
    [InlineData("")]
    public void An_mti_must_be_four_digits(string mti)
    {
        Assert.Throws<ArgumentException>(() => new IsoMessage(mti));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(193)]
    [InlineData(-5)]
    public void Only_fields_2_to_192_can_be_set(int field)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoMessage("0200").Set(field, "1"));
        Assert.False(new IsoMessage("0200").Has(field));
    }

    [Fact]
    public void Text_that_is_not_ascii_cannot_be_set()
    {
        var message = new IsoMessage("0200");
        Assert.Throws<ArgumentException>(() => message.Set(43, "Café"));
        Assert.False(message.Has(43));
    }

    [Fact]
    public void Setting_a_field_again_replaces_its_value_and_remove_takes_it_out()
    {
        var message = new IsoMessage("0200");
        message.Set(11, "000001");
        message.Set(11, "000002");
        Assert.Equal("000002", message.GetString(11));
        Assert.True(message.Remove(11));
        Assert.False(message.Remove(11));
        Assert.False(message.Has(11));
        Assert.True(message.Get(11).IsEmpty);
        Assert.Null(message.GetString(11));
        Assert.False(message.TryGet(11, out _));
    }

    [Fact]
    public void A_field_can_be_set_from_another_fields_value_even_when_the_buffer_grows()
    {
        var message = new IsoMessage(initialCapacity: 1);
        message.Set(48, new string('x', 64));
        message.Set(2, "4761739001010119");
        message.Set(49, message.Get(48)); // the buffer must grow while the source span points into it
        message.Set(3, message.Get(2));
        Assert.Equal(new string('x', 64), message.GetString(49));
        Assert.Equal("4761739001010119", message.GetString(3));
        Assert.Equal(new string('x', 64), message.GetString(48));
    }

    [Fact]
    public void Fields_are_listed_in_ascending_order_whatever_order_they_were_set_in()
    {
        var message = new IsoMessage("0200");
        foreach (var field in new[] { 192, 3, 128, 64, 65, 2, 129 })
        {
            message.Set(field, "1");
        }

        Assert.Equal([2, 3, 64, 65, 128, 129, 192], message.Fields.ToArray());
        Assert.Equal(7, message.FieldCount);
        Assert.True(message.HasSecondaryFields);
        Assert.True(message.HasTertiaryFields);
    }

    [Fact]
    public void Binary_values_are_kept_as_raw_bytes()
    {
        var message = new IsoMessage("0200");
        message.Set(52, Hex("00 FF 80 7F"));
        Assert.Equal(Hex("00 FF 80 7F"), message.Get(52).ToArray());
        Assert.Equal("\u0000\u00FF\u0080\u007F", message.GetString(52));
    }

    [Fact]
    public void Set_number_pads_to_the_width_and_refuses_what_does_not_fit()
    {
        var message = new IsoMessage("0800");
        message.SetNumber(70, 1, 3);
        Assert.Equal("001", message.GetString(70));
        Assert.Throws<ArgumentException>(() => message.SetNumber(70, 1000, 3));
        Assert.False(message.Has(70));
        Assert.True(message.TryGetNumber(11, out _) == false);
    }

    [Fact]
    public void A_copy_holds_the_same_content_and_is_independent_of_the_original()
    {
        var original = new IsoMessage("0200") { Stan = 1, TerminalId = "TERM0001" };
        original.Set(70, "301");
        var copy = new IsoMessage("0810");
        copy.Set(39, "05");
        original.CopyTo(copy);

        Assert.True(copy.ContentEquals(original));
        copy.Stan = 2;
        Assert.False(copy.ContentEquals(original));
        Assert.Equal(1, original.Stan);
    }

    [Fact]
    public void Copy_fields_to_echoes_only_the_named_fields_that_are_present()
    {
        var request = new IsoMessage("0200") { ProcessingCode = "000000", AmountMinor = 35000, Stan = 37, TerminalId = "TERM0001" };
        var response = new IsoMessage("0210") { ResponseCode = "00" };
        request.CopyFieldsTo(response, [3, 4, 11, 12, 41]);
        Assert.Equal([3, 4, 11, 39, 41], response.Fields.ToArray());
        Assert.Equal(35000, response.AmountMinor);
    }

    [Fact]
    public void Content_equality_compares_mti_presence_and_values()
    {
        var a = new IsoMessage("0200") { Stan = 1 };
        var b = new IsoMessage("0200") { Stan = 1 };
        Assert.True(a.ContentEquals(b));
        Assert.False(a.ContentEquals(new IsoMessage("0210") { Stan = 1 }));
        Assert.False(a.ContentEquals(new IsoMessage("0200") { Stan = 2 }));
        b.Set(3, "000000");
        Assert.False(a.ContentEquals(b));
        Assert.False(new IsoMessage().ContentEquals(new IsoMessage("0000")));
    }

    [Fact]
    public void Field_equals_compares_with_ascii_bytes()
    {
        var message = new IsoMessage("0800");
        message.Set(70, "301");
        Assert.True(message.FieldEquals(70, "301"u8));
        Assert.False(message.FieldEquals(70, "001"u8));
        Assert.False(message.FieldEquals(71, ""u8));
    }

    [Fact]
    public void Clear_forgets_the_mti_and_every_field()
    {
        var message = new IsoMessage("0200") { Stan = 1 };
        message.Set(130, "x");
        message.Clear();
        Assert.Null(message.Mti);
        Assert.Equal(0, message.FieldCount);
        Assert.False(message.HasSecondaryFields);
    }

    [Fact]
    public void To_string_masks_the_pan_for_logs()
    {
        var message = new IsoMessage("0200") { Pan = "4761739001010119", Stan = 37 };
        Assert.Equal("MTI=0200 2=476173******0119 11=000037", message.ToString());
    }
}
