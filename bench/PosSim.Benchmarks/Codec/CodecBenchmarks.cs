using BenchmarkDotNet.Attributes;
using PosSim.Iso8583;

namespace PosSim.Benchmarks.Codec;

/// <summary>
/// Pack, unpack and pack+unpack of a typical 0200 purchase (fields 2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 25,
/// 37, 41, 42, 43, 49) in each shipped dialect. Messages and buffers are reused, as a server does.
/// Run: dotnet run -c Release --project bench/PosSim.Benchmarks -- --filter '*CodecBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _buffer = new byte[1024];
    private IsoCodec _codec = null!;
    private IsoMessage _purchase = null!;
    private IsoMessage _decoded = null!;
    private byte[] _wire = null!;

    [Params("iso87-ascii", "iso87-binary", "iso87-ascii-binary-bitmap")]
    public string Dialect { get; set; } = "iso87-ascii";

    [GlobalSetup]
    public void Setup()
    {
        _codec = new IsoCodec(Iso8583.Dialect.BuiltIn(Dialect));
        _purchase = TypicalPurchase();
        _decoded = new IsoMessage();
        _wire = _codec.Encode(_purchase);
        _codec.Decode(_wire, _decoded); // grow the reused message's buffer once
    }

    [Benchmark]
    public int Pack()
    {
        _codec.TryEncode(_purchase, _buffer, out var written, out _);
        return written;
    }

    [Benchmark]
    public int Unpack()
    {
        _codec.TryDecode(_wire, _decoded, out _);
        return _decoded.FieldCount;
    }

    [Benchmark]
    public int PackUnpack()
    {
        _codec.TryEncode(_purchase, _buffer, out var written, out _);
        _codec.TryDecode(_buffer.AsSpan(0, written), _decoded, out _);
        return _decoded.FieldCount;
    }

    internal static IsoMessage TypicalPurchase()
    {
        var m = new IsoMessage("0200");
        m.Set(2, "4761739001010119");
        m.Set(3, "000000");
        m.SetNumber(4, 35000, 12);
        m.Set(7, "1129140215");
        m.SetNumber(11, 42, 6);
        m.Set(12, "140215");
        m.Set(13, "1129");
        m.Set(14, "2812");
        m.Set(18, "5812");
        m.Set(22, "051");
        m.Set(25, "00");
        m.Set(37, "000000000042");
        m.Set(41, "TERM0001");
        m.Set(42, "MERCHANT0000001");
        m.Set(43, "PosSim Demo Cafe        Shanghai     CN ");
        m.Set(49, "156");
        return m;
    }
}
