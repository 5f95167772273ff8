using System.Globalization;

namespace PosSim.Simulation.Support;

/// <summary>Money and codes as both languages write them: minor units to 2 decimals, ISO 4217 numeric to letters.</summary>
internal static class TraceMoney
{
    /// <summary>Minor units as the amount printed on a receipt: every currency a run uses has 2 decimals.</summary>
    public static string Amount(long minor) =>
        (minor / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string CurrencyLetters(string numeric) => numeric switch
    {
        "156" => "CNY",
        "344" => "HKD",
        "840" => "USD",
        "978" => "EUR",
        _ => numeric,
    };

    /// <summary>A tranlog time (yyyy-MM-ddTHH:mm:ss) as people read it.</summary>
    public static string Time(string localTime) => localTime.Replace('T', ' ');

    public static string Stan(int stan) => stan.ToString("D6", CultureInfo.InvariantCulture);
}
