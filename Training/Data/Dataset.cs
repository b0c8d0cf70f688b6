namespace ExpO.Training.Data;

/// <summary>Rows of raw features and targets, with the feature names in column order.</summary>
public sealed record Dataset(IReadOnlyList<string> FeatureNames, double[][] Features, double[] Targets)
{
    public int Rows => Targets.Length;
    public int Dimensions => FeatureNames.Count;
}
