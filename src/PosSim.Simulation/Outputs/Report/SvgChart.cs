using System.Globalization;

namespace PosSim.Simulation.Outputs.Report;

/// <summary>
/// Bar charts as inline SVG: no library and no request, just rectangles, gridlines and labels. Coordinates are
/// written with one decimal, invariant, so the same data gives the same bytes.
/// </summary>
internal static class SvgChart
{
    private const double Width = 960;
    private const double Height = 260;
    private const double Left = 78;
    private const double Right = 12;
    private const double Top = 14;
    private const double Bottom = 46;

    /// <summary>One bar: its stacked values (drawn in series order from the baseline) and its tooltip.</summary>
    public readonly record struct Bar(long[] Values, string Tip);

    /// <summary>A label under the bar at <paramref name="Index"/>.</summary>
    public readonly record struct Tick(int Index, string Label);

    /// <param name="series">Names and CSS classes of the stacked series, in drawing order.</param>
    /// <param name="format">How a value reads on the y axis (a count, or money).</param>
    public static void Write(TextWriter w, string title, string yTitle, IReadOnlyList<(string Name, string Css)> series,
        IReadOnlyList<Bar> bars, IReadOnlyList<Tick> ticks, Func<long, string> format)
    {
        long max = 0;
        long min = 0;
        foreach (var bar in bars)
        {
            long up = 0;
            long down = 0;
            foreach (var v in bar.Values)
            {
                if (v >= 0)
                {
                    up = checked(up + v);
                }
                else
                {
                    down = checked(down + v);
                }
            }

            max = Math.Max(max, up);
            min = Math.Min(min, down);
        }

        var step = NiceStep(Math.Max(max - min, 1));
        var top = max == 0 && min == 0 ? step * 4 : Ceil(max, step);
        var bottom = -Ceil(-min, step);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(long v) => Top + (plotH * (top - v) / (double)(top - bottom));

        w.Write("<figure class=\"chart\"><svg viewBox=\"0 0 960 260\" role=\"img\" aria-label=\"");
        Html.Attr(w, title);
        w.Write("\"><title>");
        Html.Text(w, title);
        w.Write("</title>");

        // Gridlines and y labels at each step.
        for (var v = bottom; v <= top; v += step)
        {
            var y = F(Y(v));
            w.Write($"<line class=\"{(v == 0 ? "axis" : "grid")}\" x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{y}\" y2=\"{y}\"/>");
            w.Write($"<text class=\"yl\" x=\"{F(Left - 6)}\" y=\"{F(Y(v) + 4)}\">");
            Html.Text(w, format(v));
            w.Write("</text>");
        }

        var slot = bars.Count == 0 ? plotW : plotW / bars.Count;
        var barW = Math.Max(slot * 0.8, 0.5);
        for (var i = 0; i < bars.Count; i++)
        {
            var x = Left + (slot * i) + ((slot - barW) / 2);
            long up = 0;
            long down = 0;
            w.Write("<g><title>");
            Html.Text(w, bars[i].Tip);
            w.Write("</title>");
            for (var s = 0; s < bars[i].Values.Length; s++)
            {
                var v = bars[i].Values[s];
                if (v == 0)
                {
                    continue;
                }

                double y0, y1;
                if (v > 0)
                {
                    y0 = Y(up + v);
                    y1 = Y(up);
                    up += v;
                }
                else
                {
                    y0 = Y(down);
                    y1 = Y(down + v);
                    down += v;
                }

                w.Write($"<rect class=\"{series[s].Css}\" x=\"{F(x)}\" y=\"{F(y0)}\" width=\"{F(barW)}\" height=\"{F(Math.Max(y1 - y0, 0.5))}\"/>");
            }

            w.Write("</g>");
        }

        foreach (var tick in ticks)
        {
            var x = Left + (slot * tick.Index);
            w.Write($"<line class=\"tick\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(Height - Bottom)}\" y2=\"{F(Height - Bottom + 5)}\"/>");
            w.Write($"<text class=\"xl\" x=\"{F(x + 2)}\" y=\"{F(Height - Bottom + 18)}\">");
            Html.Text(w, tick.Label);
            w.Write("</text>");
        }

        w.Write($"<text class=\"axt\" x=\"14\" y=\"{F(Top + (plotH / 2))}\" transform=\"rotate(-90 14 {F(Top + (plotH / 2))})\">");
        Html.Text(w, yTitle);
        w.Write("</text></svg><figcaption>");
        for (var s = 0; s < series.Count; s++)
        {
            w.Write($"<span class=\"key\"><i class=\"{series[s].Css}\"></i>");
            Html.Text(w, series[s].Name);
            w.Write("</span>");
        }

        w.Write("</figcaption></figure>");
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten) giving about four gridlines over <paramref name="range"/>.</summary>
    private static long NiceStep(long range)
    {
        var raw = Math.Max(range / 4, 1);
        long power = 1;
        while (power <= raw / 10)
        {
            power *= 10;
        }

        foreach (var m in (ReadOnlySpan<long>)[1, 2, 5, 10])
        {
            if (power * m >= raw)
            {
                return power * m;
            }
        }

        return power * 10;
    }

    private static long Ceil(long value, long step) => value <= 0 ? 0 : ((value + step - 1) / step) * step;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
