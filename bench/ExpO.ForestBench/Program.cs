using System.Diagnostics;
using System.Globalization;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Data;
using ExpO.Training.Model;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

// MAPLE's forest, ours against ML.NET's FastForest, on one small case: a None housing model's predictions on the
// training inputs (seed 0), the forest settings of the authors' MAPLE (200 trees, at least 10 rows a leaf, half the
// features per split). What matters to MAPLE is the leaves (its neighbourhoods): how many a tree has, how few rows
// one holds, and how many training points a test point shares a leaf with. Prints a markdown table.
// Usage: dotnet run --project bench/ExpO.ForestBench -c Release -- [data/housing.csv]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var data = UciCsv.LoadHousing(args.Length > 0 ? args[0] : "data/housing.csv");
var split = DataSplit.Create(data, seed: 0);
var model = new MlpRuntime(Trainer.Train(split, new TrainingOptions { Regularizer = "none", Seed = 0, MaxEpochs = 200 }).Layers, 0.2f);
var train = split.Train.AllRows();
var test = split.Test.AllRows();
double[] Predict(IReadOnlyList<double[]> rows)
{
    var y = new float[rows.Count];
    model.Predict(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), y);
    return y.Select(v => (double)v).ToArray();
}
var targets = Predict(train);
var truth = Predict(test);

var clock = Stopwatch.StartNew();
var ours = RandomForest.Fit(train, targets, new ForestOptions(), seed: 0);
double oursSeconds = clock.Elapsed.TotalSeconds;
var oursLeaves = ours.Trees.Select(t => (Func<double[], int>)(x => t.Leaf(x))).ToList();

// FastForest as close to the procedure as its options go: unlimited leaves are not an option (the most it takes is
// set high), bagging is without replacement, features are binned.
var ml = new MLContext(seed: 0);
var rows = train.Select((x, i) => new Row { Features = x.Select(v => (float)v).ToArray(), Label = (float)targets[i] });
var view = ml.Data.LoadFromEnumerable(rows, SchemaDefinition.Create(typeof(Row)).Also(s => s[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Dimensions)));
var options = new FastForestRegressionTrainer.Options
{
    NumberOfTrees = 200,
    MinimumExampleCountPerLeaf = 10,
    NumberOfLeaves = 1000,
    FeatureFraction = 1.0,
    FeatureFractionPerSplit = 0.5,
};
clock.Restart();
var fitted = ml.Regression.Trainers.FastForest(options).Fit(view);
double mlSeconds = clock.Elapsed.TotalSeconds;
var trees = fitted.Model.TrainedTreeEnsemble.Trees;
var mlLeaves = trees.Select(t => (Func<double[], int>)(x =>
{
    int node = 0;
    while (node >= 0) node = x[t.NumericalSplitFeatureIndexes[node]] <= t.NumericalSplitThresholds[node] ? t.LeftChild[node] : t.RightChild[node];
    return ~node;
})).ToList();
double MlPredict(double[] x) => trees.Select((t, i) => t.LeafValues[mlLeaves[i](x)]).Average();

Console.WriteLine("| forest (200 trees, min leaf 10, half the features per split) | fit, s | leaves per tree | smallest leaf (training rows) | training points sharing a leaf with a test point | RMSE against the model on the test points |");
Console.WriteLine("|---|---|---|---|---|---|");
Report("ours: CART, bootstrap with replacement, no depth limit", oursSeconds, oursLeaves, x => ours.Predict(x));
Report("ML.NET FastForest 6.0 (up to 1000 leaves, 70% bags, 255 bins)", mlSeconds, mlLeaves, x => MlPredict(x));

void Report(string name, double seconds, List<Func<double[], int>> leafOf, Func<double[], double> predict)
{
    var perTree = leafOf.Select(f => train.GroupBy(f).ToList()).ToList();
    double leaves = perTree.Average(g => g.Count);
    int smallest = perTree.Min(g => g.Min(x => x.Count()));
    double neighbours = test.Average(x => Enumerable.Range(0, train.Count).Count(i => leafOf.Any(f => f(train[i]) == f(x))));
    double rmse = Math.Sqrt(test.Select((x, i) => Math.Pow(predict(x) - truth[i], 2)).Average());
    Console.WriteLine($"| {name} | {seconds:F2} | {leaves:F1} | {smallest} | {neighbours:F0} of {train.Count} | {rmse:F3} |");
}

sealed class Row
{
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

static class SchemaExtensions
{
    public static SchemaDefinition Also(this SchemaDefinition schema, Action<SchemaDefinition> change)
    {
        change(schema);
        return schema;
    }
}
