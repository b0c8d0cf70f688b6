using ExpO.Shared.Science.Statistics;

namespace ExpO.Shared.Tests;

/// <summary>
/// The study analysis' statistics against reference values computed independently with SciPy 1.10.1 (Debian 12's
/// python3-scipy): scipy.stats.ttest_ind(equal_var=False), ttest_rel, wilcoxon, chisquare, and the exact power of
/// the paired t-test from the noncentral t (scipy.stats.nct). The samples are the published format's example rows.
/// </summary>
public class StudyStatisticsTests
{
    static readonly double[] A = [4, 9, 6, 3, 8, 12, 5, 7];
    static readonly double[] B = [12, 30, 7, 15, 9, 11, 14, 10];

    [Fact]
    public void Welch_matches_scipy()
    {
        var r = TTest.Welch(A, B);
        Assert.Equal(-2.47211999011152, r.T, 10);
        Assert.Equal(9.264270135549916, r.DegreesOfFreedom, 9);
        Assert.Equal(0.03474006513195135, r.PValue, 10);
    }

    [Fact]
    public void The_paired_t_test_matches_scipy_and_refuses_unpaired_samples()
    {
        var r = TTest.Paired(A, B);
        Assert.Equal(-2.59979622227416, r.T, 10);
        Assert.Equal(7, r.DegreesOfFreedom);
        Assert.Equal(0.03543567449892872, r.PValue, 10);
        Assert.Throws<ArgumentException>(() => TTest.Paired(A, B[..7]));
        Assert.Throws<ArgumentException>(() => TTest.Paired([1], [2]));
    }

    [Fact]
    public void Equal_pairs_give_a_paired_p_of_one()
    {
        var r = TTest.Paired([3, 5, 7], [3, 5, 7]);
        Assert.Equal((0, 1.0), (r.T, r.PValue));
    }

    [Fact]
    public void Wilcoxon_is_exact_for_small_untied_samples()
    {
        // Differences -8 -21 -1 -12 -2 11 -9 -6, no ties. scipy.stats.wilcoxon(A, C, method="exact"): 6.0, p 0.109375.
        var r = Wilcoxon.SignedRank(A, [12, 30, 7, 15, 10, 1, 14, 13]);
        Assert.True(r.Exact);
        Assert.Equal(6, r.Statistic);
        Assert.Equal(0.109375, r.PValue, 12);
        // Three positive differences: the smallest possible two-sided p, 2/8 (scipy: 0.25).
        Assert.Equal(0.25, Wilcoxon.SignedRank([1, 2, 3], [0, 0, 0]).PValue, 12);
    }

    [Fact]
    public void Wilcoxon_drops_zero_differences_and_corrects_for_ties()
    {
        // Differences [0 2 2 0 3 -3 3 0 3 6 0 4]: four zeros dropped, ties among the rest.
        // scipy.stats.wilcoxon(c, d, zero_method="wilcox", correction=False, method="approx"): 4.5, p 0.05531569013519519.
        double[] c = [5, 5, 6, 7, 9, 3, 4, 8, 8, 10, 2, 6], d = [5, 3, 4, 7, 6, 6, 1, 8, 5, 4, 2, 2];
        var r = Wilcoxon.SignedRank(c, d);
        Assert.False(r.Exact);
        Assert.Equal((4.5, 8), (r.Statistic, r.PairsUsed));
        Assert.Equal(0.05531569013519519, r.PValue, 10);
        Assert.Equal(1.0, Wilcoxon.SignedRank([1, 2], [1, 2]).PValue); // nothing but zeros
    }

    [Fact]
    public void Chi_squared_goodness_of_fit_matches_scipy()
    {
        var r = ChiSquaredTest.AgainstUniform([30, 14, 10]);   // scipy.stats.chisquare([30, 14, 10])
        Assert.Equal(12.444444444444445, r.Statistic, 10);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(0.0019848295804182044, r.PValue, 10);
        Assert.Equal((0.0, 1.0), (ChiSquaredTest.AgainstUniform([18, 18, 18]).Statistic, ChiSquaredTest.AgainstUniform([18, 18, 18]).PValue));
        Assert.Throws<ArgumentException>(() => ChiSquaredTest.AgainstUniform([0, 0, 0]));
    }

    [Fact]
    public void Cohens_d_and_its_interval()
    {
        // d from the pooled SD (numpy, ddof=1): -1.2360599950557598. The interval from Hedges and Olkin's large-sample
        // standard error, evaluated separately in numpy: [-2.305534480085388, -0.1665855100261313].
        var r = EffectSize.CohensD(A, B);
        Assert.Equal(-1.2360599950557598, r.D, 10);
        Assert.Equal(-2.305534480085388, r.Low, 8);
        Assert.Equal(-0.1665855100261313, r.High, 8);
    }

    [Theory]
    // Exact power from the noncentral t first reaches 80% / 90% at these n (scipy.stats.nct; G*Power agrees: dz 0.5
    // needs 34 pairs for 80%). At dz 0.3 / 80% and 0.8 / 90% the normal approximation says one pair fewer.
    [InlineData(0.5, 0.8, 34)]
    [InlineData(0.5, 0.9, 44)]
    [InlineData(0.3, 0.8, 90)]
    [InlineData(0.8, 0.9, 19)]
    [InlineData(0.2, 0.9, 265)]
    [InlineData(1.5, 0.8, 6)]
    [InlineData(-0.5, 0.8, 34)]
    public void The_sample_size_planner_matches_the_exact_noncentral_t(double dz, double power, int pairs)
    {
        Assert.Equal(pairs, SampleSize.PairedT(dz, power));
        Assert.Equal(pairs, SampleSize.PairedTWithin(dz, power, 1000));
    }

    // Issue 21: two participants with near-equal means (dz 0.004) made the analysis page search 100,000 sizes (about
    // 25 s per power level) and then throw, so the page failed. A bounded search answers "no plan" at once.
    [Fact]
    public void An_effect_too_small_to_plan_for_has_no_plan_within_the_bound()
    {
        Assert.Null(SampleSize.PairedTWithin(0.004, 0.8, 10_000)); // the normal approximation alone says about 490,000 pairs
        Assert.Null(SampleSize.PairedTWithin(0, 0.8, 10_000));
        Assert.Equal(265, SampleSize.PairedTWithin(0.2, 0.9, 265)); // exactly at the bound still plans
        Assert.Null(SampleSize.PairedTWithin(0.2, 0.9, 264));
    }

    [Fact]
    public void The_power_itself_matches_the_noncentral_t()
    {
        // 1 - nct.cdf(c, 33, 0.5 sqrt 34) + nct.cdf(-c, 33, 0.5 sqrt 34), c = t.ppf(0.975, 33): 0.8077775012792737.
        Assert.Equal(0.8077775012792737, SampleSize.PowerOfPairedT(0.5, 34), 8);
        Assert.Equal(0.7953658414875044, SampleSize.PowerOfPairedT(0.5, 33), 8);
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(3, Summary.Median([5, 1, 3]));
        Assert.Equal(2.5, Summary.Median([3, 1, 2, 10]));
        Assert.True(double.IsNaN(Summary.Median([])));
    }
}
