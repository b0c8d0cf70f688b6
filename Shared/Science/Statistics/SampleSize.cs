using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Statistics;

/// <summary>How many pairs a paired t-test needs to find an effect of a given size.</summary>
public static class SampleSize
{
    /// <summary>
    /// The smallest number of pairs whose two-sided paired t-test at <paramref name="alpha"/> reaches
    /// <paramref name="power"/> for the standardized effect dz = mean difference / SD of the differences.
    /// </summary>
    public static int PairedT(double dz, double power, double alpha = 0.05)
    {
        if (dz == 0 || !double.IsFinite(dz)) throw new ArgumentException("An effect of zero needs infinitely many participants.");
        if (power is <= 0 or >= 1) throw new ArgumentException("power must be between 0 and 1.");
        return PairedTWithin(dz, power, MaxPairs, alpha) ?? throw new ArgumentException($"The effect is too small to plan for (over {MaxPairs:N0} pairs).");
    }

    /// <summary>The most pairs a plan is searched up to.</summary>
    public const int MaxPairs = 100_000;

    /// <summary>
    /// As <see cref="PairedT"/>, or null when no study of at most <paramref name="maxPairs"/> pairs would do (or the
    /// effect is zero). The search starts near the normal approximation, which the exact answer never falls far
    /// below, so a tiny effect costs a handful of power evaluations, not one per candidate size.
    /// </summary>
    public static int? PairedTWithin(double dz, double power, int maxPairs, double alpha = 0.05)
    {
        if (dz == 0 || !double.IsFinite(dz) || power is <= 0 or >= 1) return null;
        double z = Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power);
        double approx = z * z / (dz * dz);
        if (approx > maxPairs) return null;
        int n = Math.Max(2, (int)Math.Floor(approx) - 2);
        while (n > 2 && PowerOfPairedT(dz, n - 1, alpha) >= power) n--;
        for (; n <= maxPairs; n++)
            if (PowerOfPairedT(dz, n, alpha) >= power) return n;
        return null;
    }

    /// <summary>
    /// The exact power at n pairs: the probability that the noncentral t (n - 1 degrees of freedom, noncentrality
    /// dz sqrt(n)) falls beyond the two-sided critical value, integrated over the chi-squared variable in its
    /// denominator: P(|T'| &gt; c) = E[Phi(delta - c S) + Phi(-delta - c S)], S = sqrt(V / df), V ~ chi-squared(df).
    /// (The normal approximation is off by a pair at dz 0.3; this matches scipy.stats.nct.)
    /// </summary>
    public static double PowerOfPairedT(double dz, int n, double alpha = 0.05)
    {
        int df = n - 1;
        double critical = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        double delta = Math.Abs(dz) * Math.Sqrt(n);
        double upper = ChiSquared.InvCDF(df, 1 - 1e-12);
        return Integrate.DoubleExponential(v =>
        {
            double s = Math.Sqrt(v / df);
            return (Normal.CDF(0, 1, delta - critical * s) + Normal.CDF(0, 1, -delta - critical * s)) * ChiSquared.PDF(df, v);
        }, 0, upper);
    }
}
