using System.Globalization;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>Transactions per hour over the run and money paid out per day, as inline SVG bar charts.</summary>
internal static class ChartsSection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, ReportModel m)
    {
        w.Write("<section id=\"charts\"><h2>Charts</h2><h3>Transactions per hour</h3>");
        Hourly(w, m.Traffic);
        w.Write("<h3>Payouts per day</h3>");
        Payouts(w, m);
        w.Write("</section>");
    }

    private static void Hourly(TextWriter w, TrafficStats t)
    {
        if (t.ApprovedPerBar.Length == 0)
        {
            w.Write("<p class=\"note\">No transaction.</p>");
            return;
        }

        var span = t.HoursPerBar;
        var bars = new List<SvgChart.Bar>(t.ApprovedPerBar.Length);
        var ticks = new List<SvgChart.Tick>();
        var days = (t.ApprovedPerBar.Length * span / 24) + 1;
        var everyNthDay = Math.Max(1, (days + 13) / 14); // at most about 14 labels, so they never overlap
        var dayIndex = 0;
        for (var i = 0; i < t.ApprovedPerBar.Length; i++)
        {
            var start = t.FirstHour.AddHours(i * span);
            var end = start.AddHours(span);
            bars.Add(new SvgChart.Bar([t.ApprovedPerBar[i], t.OtherPerBar[i]],
                string.Create(Inv, $"{start:yyyy-MM-dd HH:mm}\u2013{end:HH:mm}: {t.ApprovedPerBar[i]:N0} approved, {t.OtherPerBar[i]:N0} other")));
            if (i == 0 || start.Date != start.AddHours(-span).Date)
            {
                if (dayIndex++ % everyNthDay == 0)
                {
                    ticks.Add(new SvgChart.Tick(i, start.ToString(start.Hour == 0 ? "MM-dd" : "MM-dd HH:00", Inv)));
                }
            }
        }

        var title = span == 1 ? "Transactions per hour" : string.Create(Inv, $"Transactions per {span} hours");
        SvgChart.Write(w, title, "requests", [("approved", "s-ok"), ("declined, timed out or in flight", "s-other")], bars, ticks, Html.Int);
    }

    private static void Payouts(TextWriter w, ReportModel m)
    {
        var rows = m.Run.Office.Engine.Statement.Rows;
        if (rows.Count == 0)
        {
            w.Write("<p class=\"note\">No payout reached a merchant's account.</p>");
            return;
        }

        var byDay = new SortedDictionary<DateOnly, (long Amount, int Count)>();
        foreach (var row in rows)
        {
            var (amount, count) = byDay.GetValueOrDefault(row.ValueDate);
            byDay[row.ValueDate] = (checked(amount + row.AmountMinor), count + 1);
        }

        // Every calendar day from the first to the last value date, so weekends show as gaps.
        var first = byDay.Keys.First();
        var last = byDay.Keys.Last();
        var bars = new List<SvgChart.Bar>();
        var ticks = new List<SvgChart.Tick>();
        var n = last.DayNumber - first.DayNumber + 1;
        var every = Math.Max(1, (n + 13) / 14);
        for (var d = 0; d < n; d++)
        {
            var date = first.AddDays(d);
            var (amount, count) = byDay.GetValueOrDefault(date);
            bars.Add(new SvgChart.Bar([amount],
                string.Create(Inv, $"{date:yyyy-MM-dd} ({date.DayOfWeek.ToString()[..3]}): {Html.Money(amount)} {m.CurrencyName} in {count:N0} payouts")));
            if (d % every == 0)
            {
                ticks.Add(new SvgChart.Tick(d, date.ToString("MM-dd ddd", Inv)));
            }
        }

        SvgChart.Write(w, "Payouts per day", m.CurrencyName, [(string.Create(Inv, $"paid to merchants, net ({m.CurrencyName})"), "s-paid")], bars, ticks, MoneyAxis);
    }

    /// <summary>Axis labels in major units: the gridlines are round, the cents would only be noise.</summary>
    private static string MoneyAxis(long minor) => (minor / 100).ToString("N0", Inv);
}
