using System.Text;
using System.Text.Json;
using PosSim.Net.Proxy.Faults;

namespace PosSim.Net.Proxy;

/// <summary>One fault applied to one frame (or one connection): a line of the hit log, a QA run's ground truth.</summary>
public sealed record FaultHit(DateTimeOffset Time, string Fault, FaultKind Kind, FaultDirection Direction, long Connection, FrameInfo Frame, string Action);

/// <summary>
/// Writes one NDJSON line per fault hit, flushed at once so the file is complete even if the proxy is killed.
/// Thread-safe. The PAN arrives masked (<see cref="FrameInfo"/>); nothing here sees it in clear.
/// </summary>
public sealed class FaultHitLog : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly bool _ownsWriter;
    private readonly Lock _gate = new();
    private long _count;

    /// <param name="writer">Where lines go; null keeps only the count and the <see cref="Written"/> event.</param>
    /// <param name="ownsWriter">Dispose <paramref name="writer"/> with the log.</param>
    public FaultHitLog(TextWriter? writer = null, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>Raised after each line is written (tests watch hits arrive).</summary>
    public event Action<FaultHit>? Written;

    public long Count => Interlocked.Read(ref _count);

    public void Write(FaultHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var line = ToJson(hit);
        lock (_gate)
        {
            _count++;
            _writer?.WriteLine(line);
            _writer?.Flush();
        }

        ProxyMetrics.Applied(hit.Kind);
        Written?.Invoke(hit);
    }

    /// <summary>The line for <paramref name="hit"/>: time, fault, kind, direction, connection, mti, stan, terminal, pan (masked), action.</summary>
    public static string ToJson(FaultHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", hit.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("fault", hit.Fault);
            json.WriteString("kind", FaultNames.Of(hit.Kind));
            json.WriteString("direction", FaultNames.Of(hit.Direction));
            json.WriteNumber("connection", hit.Connection);
            WriteOrNull(json, "mti", hit.Frame.Mti);
            WriteOrNull(json, "stan", hit.Frame.Stan);
            WriteOrNull(json, "terminal", hit.Frame.Terminal);
            WriteOrNull(json, "pan", hit.Frame.MaskedPan);
            json.WriteString("action", hit.Action);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void Dispose()
    {
        if (_ownsWriter)
        {
            _writer?.Dispose();
        }
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
