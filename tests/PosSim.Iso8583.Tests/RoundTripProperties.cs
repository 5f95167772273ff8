using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Iso8583.Framing;
using PosSim.Iso8583.Tests.Support;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// For random valid messages in every dialect (the three shipped ones and two exotic test dialects) and
/// every framing (with and without a TPDU): decode(encode(m)) == m and encode(decode(bytes)) == bytes,
/// through <see cref="MessageFraming"/> write and read as a connection would.
/// </summary>
public class RoundTripProperties
{
    private const int CasesPerDialectAndFraming = 200;

    public static TheoryData<string, string, int> DialectsAndFramings()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var dialect in TestDialects.AllNames)
        {
            foreach (var framing in MessageFraming.Names)
            {
                data.Add(dialect, framing, 0);
                data.Add(dialect, framing, 5);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DialectsAndFramings))]
    public void Decoding_an_encoded_frame_gives_back_the_same_message_and_re_encoding_gives_the_same_bytes(string dialectName, string framingName, int headerLength)
    {
        var dialect = TestDialects.ByName(dialectName);
        var codec = new IsoCodec(dialect);
        var framing = MessageFraming.Parse(framingName, headerLength);
        var cases = from generated in MessageGenerators.Messages(dialect)
                    from header in Gen.ArrayOf(MessageGenerators.Bytes, headerLength)
                    select (generated, header);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (generated, header) = c;
            var original = generated.ToMessage();

            var written = new ArrayBufferWriter<byte>();
            Assert.True(framing.TryWriteFrame(written, header, codec, original, out var writeError), $"write failed: {writeError}");
            var frameBytes = written.WrittenSpan.ToArray();

            var buffer = new ReadOnlySequence<byte>(frameBytes);
            Assert.Equal(FrameStatus.Complete, framing.TryReadFrame(ref buffer, out var frame, out var frameError));
            Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left after the frame ({frameError})");
            Assert.Equal(header, frame.Header.ToArray());

            // decode(encode(m)) == m
            var decoded = new IsoMessage();
            Assert.True(codec.TryDecode(frame.Message, decoded, out var decodeError), $"decode failed: {decodeError}");
            Assert.True(decoded.ContentEquals(original), $"decoded {MessageGenerators.Describe(decoded)}");

            // encode(decode(bytes)) == bytes, for the message and for the whole frame
            var messageBytes = frame.Message.ToArray();
            Assert.Equal(messageBytes, codec.Encode(decoded));
            var again = new ArrayBufferWriter<byte>();
            framing.WriteFrame(again, header, codec.Encode(decoded));
            Assert.Equal(frameBytes, again.WrittenSpan.ToArray());

            // The measured length and the buffer-writer overload agree with Encode.
            Assert.True(codec.TryGetEncodedLength(original, out var length, out _));
            Assert.Equal(messageBytes.Length, length);
            var direct = new ArrayBufferWriter<byte>();
            Assert.True(codec.TryEncode(original, direct, out _));
            Assert.Equal(messageBytes, direct.WrittenSpan.ToArray());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(CasesPerDialectAndFraming).WithQuietOnSuccess(true));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Decoding_into_a_reused_message_gives_the_same_result_as_a_fresh_one(string dialectName)
    {
        var dialect = TestDialects.ByName(dialectName);
        var codec = new IsoCodec(dialect);
        var reused = new IsoMessage(16); // small on purpose: the buffer must grow
        var pairs = MessageGenerators.Messages(dialect).Two();
        Prop.ForAll(pairs.ToArbitrary(), pair =>
        {
            var (first, second) = pair;
            codec.Decode(codec.Encode(first.ToMessage()), reused);
            codec.Decode(codec.Encode(second.ToMessage()), reused);
            Assert.True(reused.ContentEquals(second.ToMessage()), $"got {MessageGenerators.Describe(reused)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true));
    }

    /// <summary>Guards the generator itself: a property over messages that never reach a secondary bitmap proves little.</summary>
    [Theory]
    [MemberData(nameof(Dialects))]
    public void The_generator_reaches_every_bitmap_every_field_type_and_empty_and_full_variable_fields(string dialectName)
    {
        var dialect = TestDialects.ByName(dialectName);
        var samples = MessageGenerators.Messages(dialect).Sample(50, new Rnd(20260901), 400).Select(g => g.ToMessage()).ToList();

        Assert.Contains(samples, m => m.FieldCount == 0);
        Assert.Contains(samples, m => m.FieldCount > 0 && !m.HasSecondaryFields);
        Assert.Contains(samples, m => m.HasSecondaryFields);
        Assert.Equal(dialect.TertiaryBitmap, samples.Any(m => m.HasTertiaryFields));
        var values = samples.SelectMany(m => m.Fields.Select(f => (Spec: dialect[f]!, Length: m.Get(f).Length))).ToList();
        foreach (var type in dialect.Fields.Select(s => s.Type).Distinct())
        {
            Assert.Contains(values, v => v.Spec.Type == type);
        }

        Assert.Contains(values, v => !v.Spec.IsFixed && v.Length == 0);
        Assert.Contains(values, v => !v.Spec.IsFixed && v.Length == v.Spec.MaxLength);
    }

    public static TheoryData<string> Dialects() => new(TestDialects.AllNames);
}
