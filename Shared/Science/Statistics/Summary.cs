namespace ExpO.Shared.Science.Statistics;

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

    /// <summary>The middle value (the mean of the two middle values for an even count); NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
