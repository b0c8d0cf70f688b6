using System.Globalization;
using System.Text;
namespace ExpO.Shared.Science.Agents;

/// <summary>
/// The sweep as a small SVG line chart (mean steps per lambda with 95% CI bars), optionally with people's mean steps on
/// each model as dashed lines: docs/results/agent.md and the analysis page draw it the same way.
/// </summary>
public static class SweepPlot
{
    const int Width = 640, Height = 360, Left = 56, Right = 20, Top = 36, Bottom = 48;

    /// <param name="people">People's mean steps on each model, drawn as dashed lines across the chart.</param>
    public static string Svg(IReadOnlyList<SweepPoint> points, int episodes, (double None, double Expo)? people = null)
    {
        var finite = points.SelectMany(p => new[] { p.None.CiHigh, p.Expo.CiHigh })
            .Concat(people is { } h ? [h.None, h.Expo] : []).Where(double.IsFinite).ToList();
        double yMax = Math.Ceiling(finite.Count > 0 ? finite.Max() : 1);
        double X(int i) => Left + (Width - Left - Right) * (points.Count == 1 ? 0.5 : i / (double)(points.Count - 1));
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / yMax);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12" role="img" aria-label="Agent sweep" data-testid="agent-sweep">""");
        sb.AppendLine($"""<text x="{Width / 2}" y="20" text-anchor="middle" font-size="14">Agent: mean steps per condition by lambda ({episodes} paired episodes each)</text>""");
        for (int t = 0; t <= yMax; t += Math.Max(1, (int)(yMax / 5)))
            sb.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{F(Y(t))}" y2="{F(Y(t))}" stroke="#ddd"/><text x="{Left - 6}" y="{F(Y(t) + 4)}" text-anchor="end">{t}</text>""");
        for (int i = 0; i < points.Count; i++)
            sb.AppendLine($"""<text x="{F(X(i))}" y="{Height - Bottom + 18}" text-anchor="middle">{points[i].Lambda.ToString("G", CultureInfo.InvariantCulture)}</text>""");
        sb.AppendLine($"""<text x="{Width / 2}" y="{Height - 8}" text-anchor="middle">lambda (greediness)</text>""");
        foreach (var (name, color, side) in new[] { ("None", "#c0392b", (Func<SweepPoint, SweepSide>)(p => p.None)), ("ExpO", "#2471a3", p => p.Expo) })
        {
            var line = string.Join(' ', points.Select((p, i) => (p, i)).Where(x => double.IsFinite(side(x.p).Mean)).Select(x => $"{F(X(x.i))},{F(Y(side(x.p).Mean))}"));
            sb.AppendLine($"""<polyline points="{line}" fill="none" stroke="{color}" stroke-width="2"/>""");
            for (int i = 0; i < points.Count; i++)
                if (side(points[i]) is { CiLow: var lo, CiHigh: var hi } && double.IsFinite(lo) && double.IsFinite(hi))
                    sb.AppendLine($"""<line x1="{F(X(i))}" x2="{F(X(i))}" y1="{F(Y(lo))}" y2="{F(Y(hi))}" stroke="{color}"/>""");
            int legend = name == "None" ? 0 : 1;
            sb.AppendLine($"""<rect x="{Width - Right - 130}" y="{Top + legend * 18}" width="12" height="12" fill="{color}"/><text x="{Width - Right - 112}" y="{Top + 10 + legend * 18}">{name}</text>""");
            double person = people is { } ppl ? (name == "None" ? ppl.None : ppl.Expo) : double.NaN;
            if (double.IsFinite(person))
                sb.AppendLine($"""<line x1="{Left}" x2="{Width - Right}" y1="{F(Y(person))}" y2="{F(Y(person))}" stroke="{color}" stroke-dasharray="6 4"><title>people on {name}: {F(person)} steps</title></line>""");
        }
        if (people is not null)
            sb.AppendLine($"""<line x1="{Width - Right - 130}" x2="{Width - Right - 118}" y1="{Top + 42}" y2="{Top + 42}" stroke="#555" stroke-dasharray="6 4"/><text x="{Width - Right - 112}" y="{Top + 46}">people (dashed)</text>""");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
