namespace ExpO.Training.Data;

/// <summary>
/// One dataset of the paper's Table 3: its file under data/, its columns, and the settings the authors tuned for it
/// (GDPlumb/ExpO: UCI-None/config.json for the network, UCI-LF and UCI-LF1D/config.json for the regularizer weight c).
/// </summary>
public sealed record DatasetSettings(string Name, IReadOnlyList<string> FeatureNames, string TargetName, int Depth, int Width,
    double FidelityWeight, double Fidelity1DWeight)
{
    /// <summary>The CSV's columns: a leftover row index (dropped), the features, the target last.</summary>
    public int Columns => FeatureNames.Count + 2;
    /// <summary>The file under data/.</summary>
    public string FileName => $"{Name}.csv";
    /// <summary>The hidden layers: Depth layers of Width units.</summary>
    public IReadOnlyList<int> HiddenSizes => Enumerable.Repeat(Width, Depth).ToArray();

    /// <summary>The relative weight c the authors tuned for this regularizer here (their stability runs reuse fidelity's).</summary>
    public double WeightFor(string regularizer) => regularizer == "fidelity1d" ? Fidelity1DWeight : FidelityWeight;
}

/// <summary>The six UCI regression datasets (data/README.md says where each comes from and what it holds).</summary>
public static class UciDatasets
{
    static string[] Numbered(int count) => Enumerable.Range(1, count).Select(i => $"x{i}").ToArray();

    public static readonly DatasetSettings Autompgs = new("autompgs",
        ["cylinders", "displacement", "horsepower", "weight", "acceleration", "model_year", "origin"], "mpg", 2, 200, 0.05, 0.005);
    // The target is the state code (1..56), not the crime rate, which is an input: as the authors' file has it.
    public static readonly DatasetSettings Communities = new("communities", Numbered(102), "state", 5, 400, 0.001, 0.01);
    // casual + registered = cnt for every row: the target is a sum of two inputs, as in the authors' file.
    public static readonly DatasetSettings Day = new("day",
        ["instant", "season", "yr", "mnth", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed", "casual", "registered"],
        "cnt", 1, 500, 0.1, 0.1);
    public static readonly DatasetSettings Housing = new("housing",
        ["CRIM", "INDUS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"], "MEDV", 5, 100, 0.005, 0.005);
    // The target is the longitude of the music's origin; its latitude is input x69.
    public static readonly DatasetSettings Music = new("music", Numbered(69), "longitude", 4, 500, 0.01, 0.005);
    public static readonly DatasetSettings WinequalityRed = new("winequality-red",
        ["fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides", "free_sulfur_dioxide",
         "total_sulfur_dioxide", "density", "pH", "sulphates", "alcohol"], "quality", 4, 300, 0.05, 0.1);

    /// <summary>All six, in the paper's order.</summary>
    public static readonly IReadOnlyList<DatasetSettings> All = [Autompgs, Communities, Day, Housing, Music, WinequalityRed];

    /// <summary>The dataset of that name, or null.</summary>
    public static DatasetSettings? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The learning rate, batch sizes and stopping rule the authors used for every dataset.</summary>
    public const double LearningRate = 0.001;
    public const int BatchSize = 128, RegularizerBatchSize = 16, Patience = 50, MinEpochs = 50;
}
