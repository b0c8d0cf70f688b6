using System.Diagnostics;
using System.Globalization;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Data;
using ExpO.Training.Model;

// Benchmarks of training and explaining. Prints a markdown report; bench/run.sh passes the data path.
// Every comparison runs both sides in this one process, alternating, on the same inputs.
// A third argument "explainers" runs only the MAPLE-against-LIME comparison (bench/run.sh 3 explainers).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string dataPath = args.Length > 0 ? args[0] : "data/housing.csv";
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var data = UciCsv.LoadHousing(dataPath);
var split = DataSplit.Create(data, seed: 0);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInfoText()}; TorchSharp threads: {TorchSharp.torch.get_num_threads()}");
Console.WriteLine();
if (args.Length > 2 && args[2] == "explainers")
{
    CompareExplainers(Trainer.Train(split, new TrainingOptions { Regularizer = "none", Seed = 0, MaxEpochs = 200 }), split);
    return;
}

// 1. Training time: one none and one fidelity model with the default settings (seed 0), several runs each.
Console.WriteLine("| training (seed 0, defaults) | runs | median seconds | epochs |");
Console.WriteLine("|---|---|---|---|");
TrainedModel? fidelity = null;
foreach (var reg in new[] { "none", "fidelity" })
{
    var times = new List<double>();
    TrainedModel? m = null;
    for (int r = 0; r < repeats; r++)
    {
        m = Trainer.Train(split, new TrainingOptions { Regularizer = reg, Seed = 0 });
        times.Add(m.Seconds);
    }
    if (reg == "fidelity") fidelity = m;
    Console.WriteLine($"| {reg} | {repeats} | {Median(times):F1} | {m!.Epochs} |");
}
Console.WriteLine();

// 2. LIME explanations per second (1000 samples), same explainer, same points and seeds; only the model runtime differs.
var managed = new MlpRuntime(fidelity!.Layers, 0.2f);
var torchModel = new TorchRegressionModel(fidelity.Network);
var explainer = LimeExplainer.ForStandardizedInputs(11);
var points = split.Test.AllRows().Take(40).ToArray();
double LimePerSecond(IRegressionModel model)
{
    var clock = Stopwatch.StartNew();
    int i = 0;
    foreach (var p in points) explainer.Explain(model, p, seed: i++);
    return points.Length / clock.Elapsed.TotalSeconds;
}
double ForwardRowsPerSecond(IRegressionModel model, int rows)
{
    var x = new float[rows * 11];
    var rng = new Random(1);
    for (int k = 0; k < x.Length; k++) x[k] = (float)(rng.NextDouble() * 4 - 2);
    var y = new float[rows];
    int iterations = Math.Max(1, 200_000 / rows);
    var clock = Stopwatch.StartNew();
    for (int k = 0; k < iterations; k++) model.Predict(x, y);
    return (double)iterations * rows / clock.Elapsed.TotalSeconds;
}
LimePerSecond(managed); LimePerSecond(torchModel); // warm up both
var limeManaged = new List<double>();
var limeTorch = new List<double>();
for (int r = 0; r < 5; r++)
{
    limeManaged.Add(LimePerSecond(managed));
    limeTorch.Add(LimePerSecond(torchModel));
}
Console.WriteLine("| LIME, 1000 samples, 5x100 network | managed runtime | TorchSharp | managed / TorchSharp |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| explanations per second (median of 5 x {points.Length}) | {Median(limeManaged):F0} | {Median(limeTorch):F0} | {Median(limeManaged) / Median(limeTorch):F2} |");
foreach (int rows in new[] { 1, 1000 })
{
    ForwardRowsPerSecond(managed, rows); ForwardRowsPerSecond(torchModel, rows);
    double a = ForwardRowsPerSecond(managed, rows), b = ForwardRowsPerSecond(torchModel, rows);
    Console.WriteLine($"| bare forward pass, batch {rows}: rows per second | {a:F0} | {b:F0} | {a / b:F2} |");
}

Console.WriteLine();
CompareExplainers(fidelity, split);

// 3. MAPLE against LIME on one model (managed runtime), the same test points, alternating: explanations per second,
// and MAPLE's one-off fit (the forest, the leaf lists, the feature count chosen on the validation points).
static void CompareExplainers(TrainedModel model, DataSplit split)
{
    var runtime = new MlpRuntime(model.Layers, 0.2f);
    var points = split.Test.AllRows().Take(60).ToArray();
    var fit = Stopwatch.StartNew();
    var maple = MapleExplainer.Fit(runtime, split.Train.AllRows(), split.Validation.AllRows(), seed: 0);
    double fitSeconds = fit.Elapsed.TotalSeconds;
    var lime = LimeExplainer.ForStandardizedInputs(split.Test.Dimensions);
    double PerSecond(IExplainer explainer)
    {
        var clock = Stopwatch.StartNew();
        int i = 0;
        foreach (var p in points) explainer.Explain(runtime, p, seed: i++);
        return points.Length / clock.Elapsed.TotalSeconds;
    }
    PerSecond(lime); PerSecond(maple); // warm up both
    var limeRates = new List<double>();
    var mapleRates = new List<double>();
    for (int r = 0; r < 5; r++)
    {
        limeRates.Add(PerSecond(lime));
        mapleRates.Add(PerSecond(maple));
    }
    Console.WriteLine($"| explainer, housing test points, {split.Train.Rows} training rows | explanations per second (median of 5 x {points.Length}) | MAPLE / LIME |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| LIME, 1000 samples | {Median(limeRates):F0} | |");
    Console.WriteLine($"| MAPLE, 200 trees, {maple.KeptFeatures} of {maple.Dimensions} features kept | {Median(mapleRates):F0} | {Median(mapleRates) / Median(limeRates):F2} |");
    Console.WriteLine($"| MAPLE's fit (forest, leaves, feature count) | {fitSeconds:F2} s once per model | |");
}

static double Median(List<double> v)
{
    var s = v.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static string RuntimeInfoText() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
