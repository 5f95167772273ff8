namespace PosSim.Core.Tests.Settlement;

/// <summary>The week the settlement tests live in: Monday 2 March 2026 to the Tuesday after.</summary>
internal static class Week
{
    public static readonly DateOnly Mon = new(2026, 3, 2);
    public static readonly DateOnly Tue = Mon.AddDays(1);
    public static readonly DateOnly Wed = Mon.AddDays(2);
    public static readonly DateOnly Thu = Mon.AddDays(3);
    public static readonly DateOnly Fri = Mon.AddDays(4);
    public static readonly DateOnly Sat = Mon.AddDays(5);
    public static readonly DateOnly Sun = Mon.AddDays(6);
    public static readonly DateOnly NextMon = Mon.AddDays(7);
    public static readonly DateOnly NextTue = Mon.AddDays(8);
}
