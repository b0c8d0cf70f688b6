namespace ExpO.Training.Data;

/// <summary>Rows of raw features and targets, with the feature names in column order.</summary>
public sealed record Dataset(IReadOnlyList<string> FeatureNames, double[][] Features, double[] Targets)
{
    public int Rows => Targets.Length;
    public int Dimensions => FeatureNames.Count;

    /// <summary>The same rows with only the given feature columns, in that order.</summary>
    public Dataset Columns(IReadOnlyList<int> kept) =>
        new(kept.Select(j => FeatureNames[j]).ToArray(), Features.Select(row => kept.Select(j => row[j]).ToArray()).ToArray(), Targets);
}
