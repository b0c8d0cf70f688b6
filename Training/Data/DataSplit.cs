namespace ExpO.Training.Data;

/// <summary>Mean and population standard deviation of each column, from the training split only.</summary>
public sealed record Standardizer(double[] FeatureMean, double[] FeatureStd, double TargetMean, double TargetStd)
{
    public static Standardizer Fit(Dataset data, IReadOnlyList<int> rows)
    {
        int d = data.Dimensions;
        var mean = new double[d];
        var std = new double[d];
        for (int j = 0; j < d; j++)
        {
            var column = rows.Select(r => data.Features[r][j]).ToArray();
            (mean[j], std[j]) = MeanStd(column);
            std[j] = std[j] > 0 ? std[j] : 1.0; // a constant column stays as it is rather than dividing by zero
        }
        var (tm, ts) = MeanStd(rows.Select(r => data.Targets[r]).ToArray());
        return new Standardizer(mean, std, tm, ts > 0 ? ts : 1.0);
    }

    /// <summary>Mean and population standard deviation of one column.</summary>
    public static (double Mean, double Std) MeanStd(double[] values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length));
    }

    public double[] Features(double[] raw) => raw.Select((v, j) => (v - FeatureMean[j]) / FeatureStd[j]).ToArray();
    public double Target(double raw) => (raw - TargetMean) / TargetStd;
}

/// <summary>One part of a split, standardized: X row-major [Rows, Dimensions], Y [Rows].</summary>
public sealed record SplitPart(float[] X, float[] Y, int Rows, int Dimensions)
{
    public double[] Row(int i) => X.AsSpan(i * Dimensions, Dimensions).ToArray().Select(v => (double)v).ToArray();
    public IReadOnlyList<double[]> AllRows() => Enumerable.Range(0, Rows).Select(Row).ToArray();
}

/// <summary>
/// A seeded 50/25/25 train/validation/test split, standardized with the training split's statistics. Features that
/// are constant in the training part (SD below 1e-10, as the authors' loader drops them) are left out of all three.
/// </summary>
public sealed record DataSplit(SplitPart Train, SplitPart Validation, SplitPart Test, Standardizer Scaling, int Seed,
    IReadOnlyList<string> FeatureNames)
{
    /// <summary>Below this training SD a feature carries nothing to learn from and is dropped.</summary>
    public const double ConstantBelow = 1e-10;

    public static DataSplit Create(Dataset data, int seed, double trainFraction = 0.5, double validationFraction = 0.25)
    {
        var order = Enumerable.Range(0, data.Rows).ToArray();
        new Random(seed).Shuffle(order);
        int nTrain = (int)(data.Rows * trainFraction), nVal = (int)(data.Rows * validationFraction);
        var train = order[..nTrain];
        var val = order[nTrain..(nTrain + nVal)];
        var test = order[(nTrain + nVal)..];
        var kept = Enumerable.Range(0, data.Dimensions)
            .Where(j => Standardizer.MeanStd(train.Select(r => data.Features[r][j]).ToArray()).Std >= ConstantBelow).ToArray();
        if (kept.Length < data.Dimensions) data = data.Columns(kept);
        var scaling = Standardizer.Fit(data, train);
        return new DataSplit(Part(data, train, scaling), Part(data, val, scaling), Part(data, test, scaling), scaling, seed, data.FeatureNames);
    }

    static SplitPart Part(Dataset data, int[] rows, Standardizer s)
    {
        int d = data.Dimensions;
        var x = new float[rows.Length * d];
        var y = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var z = s.Features(data.Features[rows[i]]);
            for (int j = 0; j < d; j++) x[i * d + j] = (float)z[j];
            y[i] = (float)s.Target(data.Targets[rows[i]]);
        }
        return new SplitPart(x, y, rows.Length, d);
    }
}
