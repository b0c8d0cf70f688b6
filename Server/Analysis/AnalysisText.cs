using System.Globalization;

namespace ExpO.Server.Analysis;

/// <summary>The analysis as a short plain-text report, for a researcher at a terminal (`analyze` without --json).</summary>
public static class AnalysisText
{
    public static void Write(TextWriter o, AnalysisReport r)
    {
        static string F(double? v) => Statistic.Text(v, "-");
        o.WriteLine($"Participants: {r.ParticipantsTotal}, kept {r.ParticipantsKept}, dropped {r.Dropped.Count}");
        foreach (var d in r.Dropped) o.WriteLine($"  dropped {d.Id}: {d.Reason}");
        if (r.IrregularRows.Count > 0) o.WriteLine($"Irregular rows, analysed by the rule in docs/study-protocol.md: {r.IrregularRows.Count}");
        foreach (var x in r.IrregularRows) o.WriteLine($"  {x}");
        var s = r.Steps;
        o.WriteLine($"Steps per round, ExpO: mean {F(s.Expo.Mean)}, median {F(s.Expo.Median)}, n {s.Expo.N}");
        o.WriteLine($"Steps per round, None: mean {F(s.None.Mean)}, median {F(s.None.Median)}, n {s.None.N}");
        o.WriteLine($"  Student's t {F(s.StudentT?.T)} ({PValue.Equation(s.StudentT?.PValue, "-")}); Welch's t {F(s.WelchT?.T)} ({PValue.Equation(s.WelchT?.PValue, "-")}); Cohen's d {F(s.CohensD?.D)} [{F(s.CohensD?.Low)}, {F(s.CohensD?.High)}]");
        o.WriteLine($"  paired t {F(s.PairedT?.T)} ({PValue.Equation(s.PairedT?.PValue, "-")}); Wilcoxon signed-rank {PValue.Equation(s.Wilcoxon?.PValue, "-")}");
        foreach (var (name, c) in new[] { ("Usefulness", r.Usefulness), ("Expectation", r.Expectation) })
            o.WriteLine($"{name}: ExpO {c.Expo}, None {c.None}, no preference {c.NoPreference}; chi-squared {F(c.ChiSquared?.Statistic)} ({PValue.Equation(c.ChiSquared?.PValue, "-")})");
        o.WriteLine($"Participants needed for the paired effect: {r.ParticipantsFor80?.ToString(CultureInfo.InvariantCulture) ?? "-"} (80% power), {r.ParticipantsFor90?.ToString(CultureInfo.InvariantCulture) ?? "-"} (90%)");
    }
}
