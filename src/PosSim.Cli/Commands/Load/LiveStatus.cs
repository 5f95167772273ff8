using System.Globalization;
using PosSim.Load;

namespace PosSim.Cli.Commands.Load;

/// <summary>
/// The status line of a running load, rewritten in place once a second on stderr. Only on a real terminal:
/// redirected to a file or captured by a test, a line rewritten with carriage returns is noise, so nothing is written.
/// </summary>
internal sealed class LiveStatus : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly Lock _gate = new();
    private int _width;

    private LiveStatus(TextWriter? writer) => _writer = writer;

    public static LiveStatus For(TextWriter stderr) =>
        new(ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? stderr : null);

    public void Show(LoadProgress p)
    {
        if (_writer is null)
        {
            return;
        }

        var line = p.WarmingUp
            ? string.Create(CultureInfo.InvariantCulture, $"warming up {p.Elapsed.TotalSeconds,4:0}s  {p.Rate,9:N0} req/s")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Elapsed.TotalSeconds,4:0}s  {p.Rate,9:N0} answered/s  errors {p.Errors:N0}  p50 {p.P50Ms:0.000} ms  p99 {p.P99Ms:0.000} ms");
        lock (_gate)
        {
            _writer.Write("\r" + line.PadRight(_width));
            _writer.Flush();
            _width = line.Length;
        }
    }

    /// <summary>Erases the line so the table starts on a clean one.</summary>
    public void Clear()
    {
        if (_writer is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_width > 0)
            {
                _writer.Write("\r" + new string(' ', _width) + "\r");
                _writer.Flush();
                _width = 0;
            }
        }
    }

    public void Dispose() => Clear();
}
