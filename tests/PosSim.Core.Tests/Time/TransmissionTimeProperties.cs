using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosSim.Core.Time;

namespace PosSim.Core.Tests.Time;

/// <summary>The hand-written field 7 reader agrees with .NET's own date parsing on every string, valid or not.</summary>
public sealed class TransmissionTimeProperties
{
    private static readonly Gen<string> Field7 =
        Gen.Elements("0123456789x ".ToCharArray()).ArrayOf(10).Select(c => new string(c))
            .Or(Gen.Choose(1, 12).Zip(Gen.Choose(0, 32)).Zip(Gen.Choose(0, 25)).Select(t =>
                string.Create(CultureInfo.InvariantCulture, $"{t.Item1.Item1:D2}{t.Item1.Item2:D2}{t.Item2:D2}3059")));

    [Property(MaxTest = 500)]
    public Property Field_7_reads_as_the_nearest_date_parsing_gives(int days) =>
        Prop.ForAll(Field7.ToArbitrary(), field7 =>
        {
            var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddDays(Math.Abs(days % 1500));
            var found = TransmissionTime.TryRead(field7, now, out var sent);
            var expected = Reference(field7, now);
            return found == expected.HasValue && (!found || sent == expected);
        });

    /// <summary>The reading by the book: each candidate year through DateTime.TryParseExact, the nearest kept.</summary>
    private static DateTimeOffset? Reference(string field7, DateTimeOffset now)
    {
        if (!DateTime.TryParseExact("2000" + field7, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return null;
        }

        DateTimeOffset? best = null;
        for (var year = now.Year - 1; year <= now.Year + 1; year++)
        {
            if (DateTime.TryParseExact(string.Create(CultureInfo.InvariantCulture, $"{year:D4}{field7}"), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                var candidate = new DateTimeOffset(local, now.Offset);
                if (best is not { } b || (candidate - now).Duration() < (b - now).Duration())
                {
                    best = candidate;
                }
            }
        }

        return best;
    }
}
