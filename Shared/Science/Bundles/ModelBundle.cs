namespace ExpO.Shared.Science.Bundles;

/// <summary>One trained housing model as Training exports it and Server runs it: weights, scaling, start points, metrics.</summary>
public sealed record ModelBundle
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    /// <summary>Short name, e.g. "none" or "expo".</summary>
    public required string Name { get; init; }
    /// <summary>none | fidelity | fidelity1d | stability.</summary>
    public required string Regularizer { get; init; }
    /// <summary>Relative weight c the user asked for (0 for none).</summary>
    public double RelativeWeight { get; init; }
    /// <summary>Absolute weight set at the start of training so the regularizer had c times the main loss.</summary>
    public double AbsoluteWeight { get; init; }
    public int Seed { get; init; }
    public required MlpArchitecture Architecture { get; init; }
    public required IReadOnlyList<DenseLayer> Layers { get; init; }
    public required IReadOnlyList<string> FeatureNames { get; init; }
    /// <summary>Training-split mean and standard deviation of each raw feature, in FeatureNames order.</summary>
    public required IReadOnlyList<double> FeatureMean { get; init; }
    public required IReadOnlyList<double> FeatureStd { get; init; }
    public required double TargetMean { get; init; }
    public required double TargetStd { get; init; }
    /// <summary>Study start points in standardized feature units, taken from held-out rows.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> StartPoints { get; init; }
    public required BundleMetrics Metrics { get; init; }
    public string? DataSha256 { get; init; }
    /// <summary>The shipped dataset it was trained on (data/NAME.csv); null for a file given with --data.</summary>
    public string? Dataset { get; init; }
    /// <summary>
    /// The training rows' inputs, standardized: MAPLE fits its forest on the model's predictions there. Empty in
    /// bundles written before they were kept, which a study can explain with LIME only.
    /// </summary>
    public IReadOnlyList<float[]> TrainingInputs { get; init; } = [];
    /// <summary>The validation rows' inputs, standardized: MAPLE chooses how many features to keep on them.</summary>
    public IReadOnlyList<float[]> ValidationInputs { get; init; } = [];
    public DateTimeOffset CreatedUtc { get; init; }

    public int InputSize => Architecture.InputSize;

    /// <summary>Whether MAPLE can be fitted to it (it carries its training and validation inputs).</summary>
    public bool CarriesSplitInputs => TrainingInputs.Count > 0 && ValidationInputs.Count > 0;

    /// <summary>Dollars in one standardized unit of the price (MEDV is in $1000s): what participants' dollars are divided by.</summary>
    public double DollarsPerTargetSd => TargetStd * 1000.0;
}

/// <summary>Shape of a multi-layer perceptron with LeakyReLU between layers and one linear output.</summary>
public sealed record MlpArchitecture(int InputSize, IReadOnlyList<int> HiddenSizes, double NegativeSlope);

/// <summary>One fully connected layer: Weights is row-major [Outputs, Inputs] as torch.nn.Linear stores it.</summary>
public sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias);

/// <summary>What Training measured when it exported the bundle (standardized target units).</summary>
public sealed record BundleMetrics
{
    public double TestMse { get; init; }
    public double ValidationMse { get; init; }
    public double LimePointFidelity { get; init; }
    public double LimeNeighborhoodFidelity { get; init; }
    public double LimeStability { get; init; }
    public int Epochs { get; init; }
    public int BestEpoch { get; init; }
    public double TrainSeconds { get; init; }
}
