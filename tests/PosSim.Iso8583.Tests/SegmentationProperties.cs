using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Iso8583.Framing;
using PosSim.Iso8583.Tests.Support;
using PosSim.Tests.Shared;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// TCP delivers a stream in whatever pieces it likes. However a stream of framed messages is cut into
/// segments, the framing reader must find the same frames and the codec decode the same messages as
/// from one contiguous buffer; and fed one byte at a time, the reader says Incomplete until the last
/// byte of each frame arrives, then Complete.
/// </summary>
public class SegmentationProperties
{
    public static TheoryData<string> Dialects() => new(TestDialects.AllNames);

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Any_split_of_a_framed_stream_gives_the_same_frames_and_messages_as_the_contiguous_bytes(string dialectName)
    {
        var codec = new IsoCodec(TestDialects.ByName(dialectName));
        var cases = from framing in MessageGenerators.Framings
                    from count in framing.Name == "none" ? Gen.Constant(1) : Gen.Choose(1, 5)
                    from messages in Gen.ArrayOf(MessageGenerators.Messages(codec.Dialect, shortVariable: 8), count)
                    from cuts in Gen.Frequency(
                        (4, Gen.ArrayOf(Gen.Choose(0, 100_000))),
                        (1, Gen.Constant(Array.Empty<int>())), // one segment
                        (1, Gen.Constant(new[] { -1 }))) // -1: one segment per byte
                    select (framing, messages, cuts);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var stream = Write(c.framing, codec, c.messages);
            var expected = ReadAll(c.framing.Framing, codec, new ReadOnlySequence<byte>(stream));
            Assert.Equal(c.messages.Length, expected.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(expected[i].Message.ContentEquals(c.messages[i].ToMessage()), $"frame {i} decoded to {MessageGenerators.Describe(expected[i].Message)}");
            }

            var segmented = c.cuts is [-1]
                ? SequenceBuilder.ByteByByte(stream)
                : SequenceBuilder.Split(stream, c.cuts.Select(x => x % (stream.Length + 1)));
            var actual = ReadAll(c.framing.Framing, codec, segmented);

            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Header, actual[i].Header);
                Assert.Equal(expected[i].Bytes, actual[i].Bytes);
                Assert.True(actual[i].Message.ContentEquals(expected[i].Message), $"frame {i}: {MessageGenerators.Describe(actual[i].Message)}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Fed_one_byte_at_a_time_the_reader_says_incomplete_until_each_frame_is_whole(string dialectName)
    {
        var codec = new IsoCodec(TestDialects.ByName(dialectName));
        var cases = from framing in MessageGenerators.Framings.Where(f => f.Name != "none")
                    from count in Gen.Choose(1, 3)
                    from messages in Gen.ArrayOf(MessageGenerators.Messages(codec.Dialect, shortVariable: 8), count)
                    select (framing, messages);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var framing = c.framing.Framing;
            var frameEnds = new List<int>();
            var writer = new ArrayBufferWriter<byte>();
            foreach (var generated in c.messages)
            {
                Assert.True(framing.TryWriteFrame(writer, c.framing.Header, codec, generated.ToMessage(), out _));
                frameEnds.Add(writer.WrittenCount);
            }

            var stream = writer.WrittenSpan.ToArray();
            var all = SequenceBuilder.ByteByByte(stream);
            var unread = all; // what has arrived and not been consumed is unread.Slice(0, received - consumed)
            var consumed = 0;
            var next = 0;
            for (var received = 1; received <= stream.Length; received++)
            {
                var window = unread.Slice(0, received - consumed);
                var status = framing.TryReadFrame(ref window, out var frame, out var error);
                if (received == frameEnds[next])
                {
                    Assert.True(status == FrameStatus.Complete, $"byte {received}: {status} {error}, expected the end of frame {next}");
                    Assert.Equal(c.framing.Header, frame.Header.ToArray());
                    Assert.True(codec.TryDecode(frame.Message, new IsoMessage(), out var decodeError), decodeError.ToString());
                    Assert.Equal(0, window.Length);
                    unread = unread.Slice(window.Start);
                    consumed = received;
                    next++;
                }
                else
                {
                    Assert.True(status == FrameStatus.Incomplete, $"byte {received} of a frame ending at {frameEnds[next]}: {status} {error}");
                    Assert.Equal(received - consumed, window.Length);
                }
            }

            Assert.Equal(c.messages.Length, next);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true));
    }

    [Fact]
    public void A_message_split_inside_its_bitmap_and_fields_decodes_like_the_whole_message()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-binary"));
        var message = new IsoMessage("0200") { Pan = "4761739001010119", ProcessingCode = "000000", AmountMinor = 35000, Stan = 37, TerminalId = "TERM0001" };
        var bytes = codec.Encode(message);

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var decoded = new IsoMessage();
            Assert.True(codec.TryDecode(SequenceBuilder.Split(bytes, [cut, cut]), decoded, out var error), $"cut at {cut}: {error}");
            Assert.True(decoded.ContentEquals(message), $"cut at {cut}");
        }

        Assert.True(codec.TryDecode(SequenceBuilder.ByteByByte(bytes), new IsoMessage(), out _));
    }

    [Fact]
    public void A_truncated_message_split_into_segments_reports_the_same_error_as_the_contiguous_bytes()
    {
        var codec = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var bytes = File.ReadAllBytes(Path.Combine(Paths.SharedVectors, "moov", "error_message.dat"));
        Assert.False(codec.TryDecode(bytes, new IsoMessage(), out var expected));
        Assert.False(codec.TryDecode(SequenceBuilder.ByteByByte(bytes), new IsoMessage(), out var actual));
        Assert.Equal(expected, actual);
    }

    private static byte[] Write(FramingCase framing, IsoCodec codec, GeneratedMessage[] messages)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var generated in messages)
        {
            Assert.True(framing.Framing.TryWriteFrame(writer, framing.Header, codec, generated.ToMessage(), out var error), error.ToString());
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads every frame and decodes each straight from the (possibly multi-segment) sequence slice.</summary>
    private static List<(byte[] Header, byte[] Bytes, IsoMessage Message)> ReadAll(MessageFraming framing, IsoCodec codec, ReadOnlySequence<byte> buffer)
    {
        var frames = new List<(byte[], byte[], IsoMessage)>();
        while (!buffer.IsEmpty)
        {
            var status = framing.TryReadFrame(ref buffer, out var frame, out var error);
            Assert.True(status == FrameStatus.Complete, $"{status} {error} with {buffer.Length} bytes left");
            var message = new IsoMessage();
            Assert.True(codec.TryDecode(frame.Message, message, out var decodeError), decodeError.ToString());
            frames.Add((frame.Header.ToArray(), frame.Message.ToArray(), message));
        }

        return frames;
    }
}
