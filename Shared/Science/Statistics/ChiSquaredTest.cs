using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Statistics;

/// <summary>Result of a chi-squared goodness-of-fit test.</summary>
public sealed record ChiSquaredResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>The chi-squared goodness-of-fit test against equal expected counts (scipy.stats.chisquare's default).</summary>
public static class ChiSquaredTest
{
    public static ChiSquaredResult AgainstUniform(IReadOnlyList<int> counts)
    {
        if (counts.Count < 2) throw new ArgumentException("A goodness-of-fit test needs at least two categories.");
        int total = counts.Sum();
        if (total == 0) throw new ArgumentException("A goodness-of-fit test needs at least one observation.");
        double expected = (double)total / counts.Count;
        double statistic = counts.Sum(c => (c - expected) * (c - expected) / expected);
        int df = counts.Count - 1;
        return new ChiSquaredResult(statistic, df, 1 - ChiSquared.CDF(df, statistic));
    }
}
