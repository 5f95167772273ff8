using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PosSim.Benchmarks.Reconciliation;

/// <summary>
/// Peak resident memory of the benchmark process per iteration. On Linux the kernel's high-water mark
/// (VmHWM) is reset before each iteration through /proc/self/clear_refs, so the figure is the peak of that
/// iteration alone, native memory (DuckDB) included; elsewhere it falls back to the process's peak working set.
/// The benchmark process writes the figure to a file; the <see cref="Column"/> shows it in the summary.
/// </summary>
public static class PeakMemory
{
    private static string Folder => Path.Combine(Path.GetTempPath(), "possim-recon-bench");

    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static long CurrentPeakBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return Environment.WorkingSet;
    }

    /// <summary>Keeps the largest peak seen for this benchmark and size.</summary>
    public static void Record(string method, int size)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"peak-{method}-{size}.txt");
        var peak = CurrentPeakBytes();
        if (File.Exists(path) && long.TryParse(File.ReadAllText(path), CultureInfo.InvariantCulture, out var before))
        {
            peak = Math.Max(peak, before);
        }

        File.WriteAllText(path, peak.ToString(CultureInfo.InvariantCulture));
    }

    public static void Clear(string method, int size) => File.Delete(Path.Combine(Folder, $"peak-{method}-{size}.txt"));

    public sealed class Column : IColumn
    {
        public string Id => "PeakRss";

        public string ColumnName => "Peak RSS";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Largest resident set of one iteration (VmHWM, reset before each iteration)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var size = benchmarkCase.Parameters["Transactions"];
            var path = Path.Combine(Folder, $"peak-{benchmarkCase.Descriptor.WorkloadMethod.Name}-{size}.txt");
            return File.Exists(path) && long.TryParse(File.ReadAllText(path), CultureInfo.InvariantCulture, out var bytes)
                ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MB")
                : "?";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
