using System.Globalization;

namespace PosSim.Simulation.Outputs.Database;

/// <summary>How enum values and ledger ids read in run.sqlite: kebab case (clearing-dropped) and 32 hex digits.</summary>
internal static class Names
{
    /// <summary>An enum value in kebab case, as scenarios and the interchange files write kinds (risk-held).</summary>
    public static string Kebab<T>(T value)
        where T : struct, Enum =>
        string.Join(',', value.ToString().Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(KebabCase.Of)); // [Flags] values: one name per flag set

    /// <summary>A [Flags] value as its kebab names joined by commas; empty for none.</summary>
    public static string Flags<T>(T value)
        where T : struct, Enum =>
        Convert.ToUInt64(value, CultureInfo.InvariantCulture) == 0 ? "" : Kebab(value);

    /// <summary>A 128-bit ledger id as 32 upper-case hex digits: what hex(id) shows on the ledger store's big-endian blobs.</summary>
    public static string Id(UInt128 id) => id.ToString("X32", CultureInfo.InvariantCulture);

    public static string Currency(ushort numericCode) => numericCode.ToString("D3", CultureInfo.InvariantCulture);
}
