using System.Buffers;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PosSim.Iso8583.Framing;
using PosSim.Iso8583.Tests.Support;
using PosSim.Tests.Shared;
using Xunit.Abstractions;

namespace PosSim.Iso8583.Tests;

/// <summary>
/// Hostile input: random bytes and mutated valid encodings (bit flips, overwrites, inserts, deletes,
/// truncation, duplicated ranges). Whatever the bytes, TryDecode never throws, Decode throws only
/// <see cref="IsoFormatException"/>, an error names a field in 0..192 and an offset inside the input, and
/// anything that decodes re-encodes (see <see cref="Oracle"/>). The framing reader obeys the same rules.
/// </summary>
/// <remarks>
/// The bounded loop runs 200,000 mutations from a fixed seed on every test run. For a long run set
/// POSSIM_FUZZ_ITERATIONS (for example 50000000) and optionally POSSIM_FUZZ_SEED (default 8583):
/// <c>POSSIM_FUZZ_ITERATIONS=50000000 dotnet test tests/PosSim.Iso8583.Tests --filter FullyQualifiedName~Seeded_mutation</c>.
/// A failure prints the seed, the iteration and the input in hex.
/// </remarks>
public class FuzzProperties(ITestOutputHelper output)
{
    private const int DefaultIterations = 200_000;
    private const int DefaultSeed = 8583;

    public static TheoryData<string> Dialects() => new(TestDialects.AllNames);

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Random_bytes_decode_to_a_format_error_or_a_valid_message_and_never_throw_anything_else(string dialectName)
    {
        var codec = new IsoCodec(TestDialects.ByName(dialectName));
        var scratch = new IsoMessage();

        // Pure noise rarely gets past the MTI, so half the cases start with a plausible MTI and bitmap.
        var valid = MessageGenerators.Messages(codec.Dialect).Select(g => codec.Encode(g.ToMessage()));
        var inputs = Gen.Frequency(
            (1, Gen.ArrayOf(MessageGenerators.Bytes)),
            (1, from head in valid
                from cut in Gen.Choose(0, 40)
                from tail in Gen.ArrayOf(MessageGenerators.Bytes)
                select (byte[])[.. head.AsSpan(0, Math.Min(cut, head.Length)), .. tail]));

        Prop.ForAll(inputs.ToArbitrary(), input => Assert.Null(Oracle.CheckDecode(codec, input, scratch)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Mutated_valid_encodings_decode_to_a_format_error_or_a_valid_message_and_never_throw_anything_else(string dialectName)
    {
        var codec = new IsoCodec(TestDialects.ByName(dialectName));
        var scratch = new IsoMessage();
        var cases = from generated in MessageGenerators.Messages(codec.Dialect)
                    from count in Gen.Choose(1, 4)
                    from mutations in Gen.ArrayOf(Mutation.Gen, count)
                    select (generated, mutations);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var input = c.mutations.Aggregate(codec.Encode(c.generated.ToMessage()), (bytes, m) => m.Apply(bytes));
            Assert.Null(Oracle.CheckDecode(codec, input, scratch));

            // The same bytes split across segments give the same outcome as the contiguous span.
            var split = SequenceBuilder.Split(input, [input.Length / 3, input.Length / 2]);
            var fromSpan = codec.TryDecode(input, scratch, out var spanError);
            var spanMessage = new IsoMessage();
            scratch.CopyTo(spanMessage);
            Assert.Equal(fromSpan, codec.TryDecode(split, scratch, out var sequenceError));
            Assert.Equal(spanError, sequenceError);
            Assert.True(!fromSpan || scratch.ContentEquals(spanMessage));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Reading_frames_from_random_streams_never_throws_and_never_waits_for_more_than_the_maximum_frame()
    {
        var cases = from framing in MessageGenerators.Framings
                    from max in Gen.Elements(1, 5, 64, 300, MessageFraming.DefaultMaxFrameSize)
                    from bytes in Gen.Frequency(
                        (2, Gen.ArrayOf(MessageGenerators.Bytes)),
                        (1, Gen.ArrayOf(Gen.Elements((byte)'0', (byte)'1', (byte)'9', (byte)0x00, (byte)0x01, (byte)0x99))))
                    from cuts in Gen.ListOf(Gen.Choose(0, 300))
                    select (Framing: MessageFraming.Parse(framing.Name, framing.Header.Length, max), Bytes: bytes, Cuts: cuts);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            Assert.Null(Oracle.CheckFraming(c.Framing, new ReadOnlySequence<byte>(c.Bytes)));
            Assert.Null(Oracle.CheckFraming(c.Framing, SequenceBuilder.Split(c.Bytes, c.Cuts)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Mutated_framed_streams_give_frames_that_decode_or_fail_cleanly(string dialectName)
    {
        var codec = new IsoCodec(TestDialects.ByName(dialectName));
        var scratch = new IsoMessage();
        var cases = from framing in MessageGenerators.Framings.Where(f => f.Name != "none")
                    from messageCount in Gen.Choose(1, 3)
                    from messages in Gen.ArrayOf(MessageGenerators.Messages(codec.Dialect), messageCount)
                    from mutationCount in Gen.Choose(0, 3)
                    from mutations in Gen.ArrayOf(Mutation.Gen, mutationCount)
                    select (framing, messages, mutations);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var writer = new ArrayBufferWriter<byte>();
            foreach (var generated in c.messages)
            {
                Assert.True(c.framing.Framing.TryWriteFrame(writer, c.framing.Header, codec, generated.ToMessage(), out _));
            }

            var stream = c.mutations.Aggregate(writer.WrittenSpan.ToArray(), (bytes, m) => m.Apply(bytes));
            var frames = new List<(byte[] Header, byte[] Message)>();
            Assert.Null(Oracle.CheckFraming(c.framing.Framing, new ReadOnlySequence<byte>(stream), frames));
            foreach (var (_, message) in frames)
            {
                Assert.Null(Oracle.CheckDecode(codec, message, scratch));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true));
    }

    /// <summary>
    /// The bounded in-suite fuzz loop: seeded, so a failure replays exactly. The corpus is generated
    /// messages in every dialect plus the shared jPOS and moov vectors in the dialects that read them;
    /// each case stacks 1 to 3 mutations, and one case in ten goes through a random framing first.
    /// </summary>
    [Fact]
    public void Seeded_mutation_fuzzing_finds_no_input_that_breaks_the_decoder_rules()
    {
        var iterations = long.TryParse(Environment.GetEnvironmentVariable("POSSIM_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultIterations;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POSSIM_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var random = new Random(seed);
        var corpus = BuildCorpus(seed);
        var framings = MessageGenerators.AllFramings().ToArray();
        var scratch = new IsoMessage();
        var outcomes = new Dictionary<IsoErrorKind, long>();

        for (long i = 0; i < iterations; i++)
        {
            var (codec, original) = corpus[random.Next(corpus.Count)];
            var input = original;
            var count = random.Next(1, 4);
            for (var k = 0; k < count; k++)
            {
                input = Mutation.Next(random).Apply(input);
            }

            string? failure;
            if (random.Next(10) == 0)
            {
                var f = framings[random.Next(framings.Length)];
                var writer = new ArrayBufferWriter<byte>();
                f.Framing.WriteFrame(writer, f.Header, original);
                var stream = Mutation.Next(random).Apply(writer.WrittenSpan.ToArray());
                var frames = new List<(byte[] Header, byte[] Message)>();
                failure = Oracle.CheckFraming(f.Framing, new ReadOnlySequence<byte>(stream), frames)
                    ?? frames.Select(fr => Oracle.CheckDecode(codec, fr.Message, scratch)).FirstOrDefault(x => x is not null);
            }
            else
            {
                failure = Oracle.CheckDecode(codec, input, scratch, checkThrowingOverload: i % 8 == 0, out var outcome);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }

            if (failure is not null)
            {
                Assert.Fail($"seed {seed}, iteration {i}, dialect {codec.Dialect.Name}: {failure}");
            }
        }

        // A fuzzer that only ever trips on the MTI proves nothing: demand that it reached deep into messages.
        var reached = string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
        output.WriteLine($"seed {seed}, {iterations} iterations: {reached}");
        Assert.True(outcomes.GetValueOrDefault(IsoErrorKind.None) > iterations / 50, "too few mutations still decoded: " + reached);
        foreach (var kind in new[] { IsoErrorKind.Truncated, IsoErrorKind.InvalidCharacter, IsoErrorKind.InvalidBcd, IsoErrorKind.InvalidHex, IsoErrorKind.InvalidEbcdic, IsoErrorKind.InvalidLengthPrefix, IsoErrorKind.LengthExceedsMaximum, IsoErrorKind.TrailingBytes, IsoErrorKind.InvalidMti })
        {
            Assert.True(outcomes.GetValueOrDefault(kind) > 0, $"no mutation produced {kind}: {reached}");
        }
    }

    private static List<(IsoCodec Codec, byte[] Bytes)> BuildCorpus(int seed)
    {
        var corpus = new List<(IsoCodec, byte[])>();
        foreach (var name in TestDialects.AllNames)
        {
            var codec = new IsoCodec(TestDialects.ByName(name));
            foreach (var generated in MessageGenerators.Messages(codec.Dialect).Sample(30, new Rnd((ulong)seed), 40))
            {
                corpus.Add((codec, codec.Encode(generated.ToMessage())));
            }
        }

        var ascii = new IsoCodec(Dialect.BuiltIn("iso87-ascii"));
        var binary = new IsoCodec(Dialect.BuiltIn("iso87-binary"));
        corpus.Add((ascii, File.ReadAllBytes(Path.Combine(Paths.SharedVectors, "jpos", "ISO87APackager.bin"))));
        corpus.Add((binary, File.ReadAllBytes(Path.Combine(Paths.SharedVectors, "jpos", "ISO87BPackager.bin"))));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Paths.SharedVectors, "moov"), "*.dat").Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith("attributes_data_elements.dat", StringComparison.Ordinal))
            {
                corpus.Add((ascii, File.ReadAllBytes(file)));
            }
        }

        return corpus;
    }
}
