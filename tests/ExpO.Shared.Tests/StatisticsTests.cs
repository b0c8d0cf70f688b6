using ExpO.Shared.Science.Statistics;

namespace ExpO.Shared.Tests;

public class StatisticsTests
{
    [Fact]
    public void Student_t_test_matches_a_hand_computation()
    {
        // Means 3 and 6, variances 2.5 and 10, pooled variance 6.25, SE sqrt(6.25 * 0.4) = 1.5811, t = -3 / 1.5811,
        // df 8. The two-sided p for |t| = 1.897 at 8 df is 0.0943 (t-table / scipy.stats.ttest_ind).
        var r = TTest.StudentTwoSample([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
        Assert.Equal(-3 / Math.Sqrt(2.5), r.T, 9);
        Assert.Equal(8, r.DegreesOfFreedom);
        Assert.Equal(0.0943, r.PValue, 3);
    }

    [Fact]
    public void Identical_samples_give_p_one_and_separated_constant_samples_p_zero()
    {
        Assert.Equal(1.0, TTest.StudentTwoSample([2, 2, 2], [2, 2, 2]).PValue);
        Assert.Equal(0.0, TTest.StudentTwoSample([1, 1, 1], [2, 2, 2]).PValue);
    }

    [Fact]
    public void A_sample_of_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TTest.StudentTwoSample([1], [1, 2]));
    }

    [Fact]
    public void Summary_uses_the_sample_standard_deviation()
    {
        var s = Summary.Of([2, 4, 4, 4, 5, 5, 7, 9]);  // population SD 2, sample SD sqrt(32/7)
        Assert.Equal(5, s.Mean);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.StandardDeviation, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7) / Math.Sqrt(8), s.StandardError, 12);
    }
}
