using System.Buffers;
using PosSim.Iso8583.Framing;
using static PosSim.Iso8583.Tests.Support.TestBytes;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Length headers (binary2, ascii4, bcd2, none), the optional fixed header such as a TPDU, and the edge
/// cases a hostile or broken peer produces: a length over the maximum (refused from the header alone,
/// before the body arrives), a length shorter than the fixed header, non-digits and bad BCD.
/// </summary>
public class FramingTests
{
    private static readonly byte[] TenBytes = Ascii("0800ABCDEF");
    private static readonly byte[] Tpdu = Hex("60 00 03 00 00");

    [Theory]
    [InlineData("binary2", "00 0A")]
    [InlineData("ascii4", "30 30 31 30")]
    [InlineData("bcd2", "00 10")]
    public void Each_length_header_carries_the_number_of_bytes_after_it(string name, string prefix)
    {
        var framing = MessageFraming.Parse(name);
        Assert.Equal(Concat(Hex(prefix), TenBytes), Write(framing, [], TenBytes));

        var buffer = new ReadOnlySequence<byte>(Concat(Hex(prefix), TenBytes));
        Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var frame, out _));
        Assert.Equal(TenBytes, frame.Message.ToArray());
        Assert.True(frame.Header.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("binary2", "01 2C")]
    [InlineData("ascii4", "30 33 30 30")]
    [InlineData("bcd2", "03 00")]
    public void Lengths_above_one_byte_are_written_most_significant_first(string name, string prefix)
    {
        var body = new byte[300];
        Assert.Equal(Hex(prefix), Write(MessageFraming.Parse(name), [], body)[..(name == "ascii4" ? 4 : 2)]);
    }

    [Theory]
    [InlineData("binary2", "00 0F")]
    [InlineData("ascii4", "30 30 31 35")]
    [InlineData("bcd2", "00 15")]
    public void The_length_counts_the_tpdu_as_well_as_the_message(string name, string prefix)
    {
        var framing = MessageFraming.Parse(name, headerLength: 5);
        Assert.Equal(Concat(Hex(prefix), Tpdu, TenBytes), Write(framing, Tpdu, TenBytes));
    }

    [Theory]
    [InlineData("binary2")]
    [InlineData("ascii4")]
    [InlineData("bcd2")]
    public void Frames_back_to_back_are_read_one_at_a_time(string name)
    {
        var framing = MessageFraming.Parse(name, headerLength: 5);
        var second = Ascii("0810");
        var buffer = new ReadOnlySequence<byte>(Concat(Write(framing, Tpdu, TenBytes), Write(framing, Tpdu, second)));

        Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var first, out _));
        Assert.Equal(Tpdu, first.Header.ToArray());
        Assert.Equal(TenBytes, first.Message.ToArray());
        Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var next, out _));
        Assert.Equal(second, next.Message.ToArray());
        Assert.True(buffer.IsEmpty);
        Assert.Equal(FrameStatus.Incomplete, framing.TryReadFrame(ref buffer, out _, out _));
    }

    [Theory]
    [InlineData("binary2", "00 65", "00 64")]
    [InlineData("ascii4", "30 31 30 31", "30 31 30 30")]
    [InlineData("bcd2", "01 01", "01 00")]
    public void A_length_over_the_maximum_is_refused_from_the_header_alone_before_the_body_arrives(string name, string tooLong, string atMaximum)
    {
        var framing = MessageFraming.Parse(name, maxFrameSize: 100);

        var buffer = new ReadOnlySequence<byte>(Hex(tooLong));
        Assert.Equal(FrameStatus.Invalid, framing.TryReadFrame(ref buffer, out _, out var error));
        Assert.Equal(0, error.Offset);
        Assert.Contains("101", error.Reason, StringComparison.Ordinal);
        Assert.Contains("100", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2 * (name == "ascii4" ? 2 : 1), buffer.Length); // nothing consumed

        var justFits = new ReadOnlySequence<byte>(Hex(atMaximum));
        Assert.Equal(FrameStatus.Incomplete, framing.TryReadFrame(ref justFits, out _, out _));
    }

    [Theory]
    [InlineData("binary2", 100_000, 65535)]
    [InlineData("ascii4", 100_000, 9999)]
    [InlineData("bcd2", 100_000, 9999)]
    [InlineData("binary2", 500, 500)]
    [InlineData("none", 100_000, 100_000)]
    public void The_maximum_frame_never_exceeds_what_the_length_header_can_express(string name, int asked, int effective)
    {
        Assert.Equal(effective, MessageFraming.Parse(name, maxFrameSize: asked).MaxFrameSize);
    }

    [Fact]
    public void Writing_a_frame_over_the_maximum_is_refused_and_writes_nothing()
    {
        var framing = MessageFraming.Parse("binary2", maxFrameSize: 9);
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => framing.WriteFrame(writer, [], TenBytes));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Theory]
    [InlineData("binary2", "00 03")]
    [InlineData("ascii4", "30 30 30 34")]
    [InlineData("bcd2", "00 00")]
    public void A_length_shorter_than_the_fixed_header_is_invalid(string name, string prefix)
    {
        var framing = MessageFraming.Parse(name, headerLength: 5);
        var buffer = new ReadOnlySequence<byte>(Concat(Hex(prefix), Tpdu));
        Assert.Equal(FrameStatus.Invalid, framing.TryReadFrame(ref buffer, out _, out var error));
        Assert.Contains("header", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00A0")]
    [InlineData(" 010")]
    [InlineData("-010")]
    [InlineData("001\n")]
    public void An_ascii4_length_with_a_non_digit_is_invalid(string prefix)
    {
        var buffer = new ReadOnlySequence<byte>(Concat(Ascii(prefix), TenBytes));
        Assert.Equal(FrameStatus.Invalid, MessageFraming.Parse("ascii4").TryReadFrame(ref buffer, out _, out var error));
        Assert.Equal(0, error.Offset);
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    [Theory]
    [InlineData("0A 00")]
    [InlineData("00 1F")]
    [InlineData("F0 10")]
    public void A_bcd2_length_with_a_nibble_above_9_is_invalid(string prefix)
    {
        var buffer = new ReadOnlySequence<byte>(Concat(Hex(prefix), TenBytes));
        Assert.Equal(FrameStatus.Invalid, MessageFraming.Parse("bcd2").TryReadFrame(ref buffer, out _, out var error));
        Assert.Contains("BCD", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("binary2", "00")]
    [InlineData("ascii4", "30 30 31")]
    [InlineData("binary2", "00 0A 30 38 30")]
    [InlineData("bcd2", "00 10 30 38 30 30 41 42 43 44 45")]
    public void A_frame_not_yet_whole_is_incomplete_and_nothing_is_consumed(string name, string partial)
    {
        var bytes = Hex(partial);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(FrameStatus.Incomplete, MessageFraming.Parse(name).TryReadFrame(ref buffer, out _, out _));
        Assert.Equal(bytes, buffer.ToArray());
    }

    [Fact]
    public void A_zero_length_frame_is_a_complete_empty_frame()
    {
        var buffer = new ReadOnlySequence<byte>(Hex("00 00 00 0A"));
        Assert.Equal(FrameStatus.Complete, MessageFraming.Parse("binary2").TryReadFrame(ref buffer, out var frame, out _));
        Assert.True(frame.Message.IsEmpty);
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void The_tpdu_is_returned_with_the_frame_and_the_response_tpdu_swaps_source_and_destination()
    {
        var framing = MessageFraming.Parse("binary2", headerLength: Framing.Tpdu.Length);
        var buffer = new ReadOnlySequence<byte>(Write(framing, Tpdu, TenBytes));
        Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var frame, out _));
        Assert.Equal(Hex("60 00 03 00 00"), frame.Header.ToArray());

        var response = new byte[Framing.Tpdu.Length];
        Framing.Tpdu.WriteResponse(frame.Header.ToArray(), response);
        Assert.Equal(Hex("60 00 00 00 03"), response);

        Framing.Tpdu.WriteResponse(Hex("60 12 34 56 78"), response);
        Assert.Equal(Hex("60 56 78 12 34"), response);
    }

    [Fact]
    public void A_tpdu_that_is_not_5_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Framing.Tpdu.WriteResponse(Hex("60 00 03 00"), new byte[5]));
        Assert.Throws<ArgumentException>(() => Framing.Tpdu.WriteResponse(Tpdu, new byte[4]));
    }

    [Fact]
    public void The_none_framing_takes_the_whole_buffer_as_one_frame_and_writes_no_prefix()
    {
        var framing = MessageFraming.Parse("none", headerLength: 5);
        Assert.Equal(Concat(Tpdu, TenBytes), Write(framing, Tpdu, TenBytes));

        var buffer = new ReadOnlySequence<byte>(Concat(Tpdu, TenBytes));
        Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var frame, out _));
        Assert.Equal(Tpdu, frame.Header.ToArray());
        Assert.Equal(TenBytes, frame.Message.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void The_none_framing_refuses_a_buffer_shorter_than_its_header()
    {
        var buffer = new ReadOnlySequence<byte>(Hex("60 00 03"));
        Assert.Equal(FrameStatus.Invalid, MessageFraming.Parse("none", headerLength: 5).TryReadFrame(ref buffer, out _, out var error));
        Assert.Contains("header", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_an_invalid_message_returns_the_error_and_writes_nothing()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var message = new IsoMessage("0200");
        message.Set(4, "12X");
        var writer = new ArrayBufferWriter<byte>();
        Assert.False(MessageFraming.Parse("binary2").TryWriteFrame(writer, [], codec, message, out var error));
        Assert.Equal(IsoErrorKind.InvalidCharacter, error.Kind);
        Assert.Equal(4, error.Field);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Writing_a_valid_message_larger_than_the_maximum_frame_throws_and_writes_nothing()
    {
        // There is no IsoErrorKind for "too big for the frame", so TryWriteFrame throws rather than returning false.
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var message = new IsoMessage("0200");
        message.Set(48, new string('x', 999));
        message.Set(60, new string('y', 999));
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => MessageFraming.Parse("ascii4", maxFrameSize: 1500).TryWriteFrame(writer, [], codec, message, out _));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Writing_with_a_header_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MessageFraming.Parse("binary2", headerLength: 5).WriteFrame(new ArrayBufferWriter<byte>(), Hex("60 00"), TenBytes));
    }

    [Fact]
    public void An_unknown_framing_name_is_refused_with_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => MessageFraming.Parse("ascii2"));
        Assert.Contains("binary2", e.Message, StringComparison.Ordinal);
        Assert.Contains("bcd2", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Write(MessageFraming framing, byte[] header, byte[] body)
    {
        var writer = new ArrayBufferWriter<byte>();
        framing.WriteFrame(writer, header, body);
        return writer.WrittenSpan.ToArray();
    }
}
