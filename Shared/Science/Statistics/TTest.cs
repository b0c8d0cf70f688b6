using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Statistics;

/// <summary>Result of a two-sided two-sample t-test.</summary>
public sealed record TTestResult(double T, double DegreesOfFreedom, double PValue);

/// <summary>
/// Two-sided t-tests: Student's two-sample (pooled variances, the original study's and scipy.stats.ttest_ind's
/// default), Welch's (unequal variances) and the paired test (a one-sample test of the differences).
/// </summary>
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
        return Result(sa.Mean - sb.Mean, Math.Sqrt(pooled * (1.0 / a.Count + 1.0 / b.Count)), df);
    }

    /// <summary>Welch's t-test: each sample keeps its own variance; Welch-Satterthwaite degrees of freedom.</summary>
    public static TTestResult Welch(IReadOnlyCollection<double> a, IReadOnlyCollection<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("Welch's t-test needs at least two values in each sample.");
        var (sa, sb) = (Summary.Of(a), Summary.Of(b));
        double va = sa.StandardDeviation * sa.StandardDeviation / a.Count, vb = sb.StandardDeviation * sb.StandardDeviation / b.Count;
        double df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        return Result(sa.Mean - sb.Mean, Math.Sqrt(va + vb), df);
    }

    /// <summary>The paired t-test of a[i] against b[i]: is the mean of the differences zero?</summary>
    public static TTestResult Paired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("A paired t-test needs samples of the same length.");
        if (a.Count < 2) throw new ArgumentException("A paired t-test needs at least two pairs.");
        var d = Summary.Of(a.Select((x, i) => x - b[i]).ToArray());
        return Result(d.Mean, d.StandardError, a.Count - 1);
    }

    static TTestResult Result(double difference, double standardError, double df)
    {
        // No spread at all: the difference is certain (p 0), or there is none (p 1). With no variance, Welch's df is 0/0.
        if (standardError == 0 || double.IsNaN(df))
            return new TTestResult(difference == 0 ? 0 : Math.Sign(difference) * double.PositiveInfinity, double.IsNaN(df) ? 0 : df, difference == 0 ? 1 : 0);
        double t = difference / standardError;
        return new TTestResult(t, df, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }
}
