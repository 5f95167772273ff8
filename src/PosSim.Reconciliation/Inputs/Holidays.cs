using PosSim.Reconciliation.Csv;
using Names = PosSim.Interchange.InterchangeFiles.Holidays;

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

        var col = file.Column(Names.Date);
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            dates.Add(DateOnly.FromDayNumber(Cells.Date(r, col, Names.Date)));
        }

        return dates;
    }
}
