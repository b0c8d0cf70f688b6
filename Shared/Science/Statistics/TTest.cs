using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Statistics;

/// <summary>Result of a two-sided two-sample t-test.</summary>
public sealed record TTestResult(double T, double DegreesOfFreedom, double PValue);

/// <summary>Student's two-sample t-test with pooled (equal) variances, as scipy.stats.ttest_ind computes it by default.</summary>
public static class TTest
{
    public static TTestResult StudentTwoSample(IReadOnlyCollection<double> a, IReadOnlyCollection<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("A two-sample t-test needs at least two values in each sample.");
        var sa = Summary.Of(a);
        var sb = Summary.Of(b);
        double df = a.Count + b.Count - 2;
        double pooled = ((a.Count - 1) * sa.StandardDeviation * sa.StandardDeviation
                       + (b.Count - 1) * sb.StandardDeviation * sb.StandardDeviation) / df;
        double se = Math.Sqrt(pooled * (1.0 / a.Count + 1.0 / b.Count));
        double diff = sa.Mean - sb.Mean;
        if (se == 0)
            return new TTestResult(diff == 0 ? 0 : Math.Sign(diff) * double.PositiveInfinity, df, diff == 0 ? 1 : 0);
        double t = diff / se;
        double p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        return new TTestResult(t, df, p);
    }
}
