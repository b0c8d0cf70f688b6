using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Statistics;

/// <summary>An effect size and its confidence interval.</summary>
public sealed record EffectSizeResult(double D, double Low, double High);

/// <summary>Cohen's d for two independent samples, with the pooled standard deviation.</summary>
public static class EffectSize
{
    /// <param name="level">Confidence level of the interval, 0.95 by default.</param>
    public static EffectSizeResult CohensD(IReadOnlyCollection<double> a, IReadOnlyCollection<double> b, double level = 0.95)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("Cohen's d needs at least two values in each sample.");
        var (sa, sb) = (Summary.Of(a), Summary.Of(b));
        double n1 = a.Count, n2 = b.Count;
        double pooled = Math.Sqrt(((n1 - 1) * sa.StandardDeviation * sa.StandardDeviation + (n2 - 1) * sb.StandardDeviation * sb.StandardDeviation) / (n1 + n2 - 2));
        double d = pooled == 0 ? 0 : (sa.Mean - sb.Mean) / pooled;
        // The large-sample standard error of d (Hedges and Olkin 1985, eq. 5.14): sqrt((n1+n2)/(n1 n2) + d^2 / (2 (n1+n2))).
        double se = Math.Sqrt((n1 + n2) / (n1 * n2) + d * d / (2 * (n1 + n2)));
        double z = Normal.InvCDF(0, 1, 0.5 + level / 2);
        return new EffectSizeResult(d, d - z * se, d + z * se);
    }
}
