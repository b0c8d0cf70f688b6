namespace ExpO.Shared.Statistics;

/// <summary>Mean, sample standard deviation (n-1) and standard error of the mean of a sample.</summary>
public sealed record Summary(int Count, double Mean, double StandardDeviation, double StandardError)
{
    public static Summary Of(IReadOnlyCollection<double> values)
    {
        int n = values.Count;
        if (n == 0) return new Summary(0, double.NaN, double.NaN, double.NaN);
        double mean = values.Average();
        double sd = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;
        return new Summary(n, mean, sd, sd / Math.Sqrt(n));
    }
}
