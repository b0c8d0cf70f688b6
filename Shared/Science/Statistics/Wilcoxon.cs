using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Statistics;

/// <summary>Result of a two-sided Wilcoxon signed-rank test: the smaller rank sum, its z (normal approximation) and p.</summary>
public sealed record WilcoxonResult(double Statistic, int PairsUsed, double Z, double PValue, bool Exact);

/// <summary>
/// The Wilcoxon signed-rank test of paired samples, as scipy.stats.wilcoxon computes it with zero_method="wilcox":
/// zero differences are dropped, tied absolute differences share their mean rank. Exact (the null distribution of the
/// rank sum, counted) for up to 25 pairs without ties; otherwise the normal approximation with the tie correction of
/// the variance and no continuity correction.
/// </summary>
public static class Wilcoxon
{
    public const int ExactUpTo = 25;

    public static WilcoxonResult SignedRank(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("A signed-rank test needs samples of the same length.");
        var d = a.Select((x, i) => x - b[i]).Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0) return new WilcoxonResult(0, 0, 0, 1, Exact: true); // every pair equal: no evidence of a difference
        var ranks = Ranks(d.Select(Math.Abs).ToArray(), out bool ties);
        double plus = 0, minus = 0;
        for (int i = 0; i < n; i++) { if (d[i] > 0) plus += ranks[i]; else minus += ranks[i]; }
        double w = Math.Min(plus, minus);

        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2 * n + 1) / 24.0 - TieCorrection(ranks) / 48.0;
        double z = variance > 0 ? (w - mean) / Math.Sqrt(variance) : 0;
        if (n <= ExactUpTo && !ties)
            return new WilcoxonResult(w, n, z, Math.Min(1, 2 * ExactLowerTail(n, (int)w)), Exact: true);
        return new WilcoxonResult(w, n, z, Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))), Exact: false);
    }

    /// <summary>Ranks 1..n of the values, ties sharing their mean rank.</summary>
    static double[] Ranks(double[] values, out bool ties)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        ties = false;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            ties |= end > start;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>Sum over groups of tied ranks of t^3 - t (the variance shrinks by it / 48).</summary>
    static double TieCorrection(double[] ranks) =>
        ranks.GroupBy(r => r).Select(g => (double)g.Count()).Sum(t => t * t * t - t);

    /// <summary>P(W &lt;= w) for n untied pairs: the number of sign patterns with rank sum at most w, over 2^n.</summary>
    static double ExactLowerTail(int n, int w)
    {
        int max = n * (n + 1) / 2;
        var ways = new double[max + 1];
        ways[0] = 1;
        for (int rank = 1; rank <= n; rank++)
            for (int s = max; s >= rank; s--) ways[s] += ways[s - rank];
        return ways.Take(w + 1).Sum() / Math.Pow(2, n);
    }
}
