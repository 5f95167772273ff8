using PosSim.Reconciliation.Csv;

namespace PosSim.Reconciliation.Inputs;

/// <summary>holidays.csv (optional): dates that are not business days.</summary>
internal static class Holidays
{
    public static List<DateOnly> Read(CsvFile? file)
    {
        var dates = new List<DateOnly>();
        if (file is null)
        {
            return dates;
        }

        var col = file.Column("date");
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            dates.Add(DateOnly.FromDayNumber(Cells.Date(r, col, "date")));
        }

        return dates;
    }
}
