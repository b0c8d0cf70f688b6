using System.CommandLine;
using System.Globalization;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.CommandLine;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using ExpO.Training.Model;
using ExpO.Training.Regularizers;

namespace ExpO.Training.Cli;

/// <summary>`train`: one model on one split, scored with LIME, written as a bundle the server can load.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var settings = new ModelSettings();
        var regularizer = new Option<string>("--regularizer") { Description = "none, fidelity, fidelity1d or stability", Required = true };
        regularizer.AcceptOnlyFromAmong([.. Regularizer.Names]);
        var output = new Option<string>("--out") { Description = $"the bundle file to write (NAME{ModelBundleFile.Extension})", Required = true };
        var name = new Option<string?>("--name") { Description = "the bundle's name (default: none for none, expo otherwise)" };
        var dataset = ModelSettings.Datasets("--dataset", many: false);
        var folder = new Option<string>("--data-folder") { Description = "where --dataset's file is", DefaultValueFactory = _ => "data" };
        var target = new Option<string?>("--target")
        {
            Description = "with --data: your own CSV's target column, by its header name (every other column is a feature, standardized with the training split's statistics)",
        };
        var command = new Command("train", "Train one model and write it as a bundle.") { regularizer, output, name, dataset, folder, target };
        settings.AddTo(command);
        command.SetAction(r => Run(r.GetRequiredValue(regularizer), r.GetRequiredValue(output), r.GetValue(name), r.GetValue(dataset)?[0],
            r.GetRequiredValue(folder), r.GetValue(target), settings, r));
        return command;
    }

    static int Run(string regularizer, string outPath, string? name, DatasetSettings? dataset, string folder, string? target, ModelSettings settings,
        ParseResult r)
    {
        var options = settings.Read(r, regularizer, dataset);
        var stderr = r.InvocationConfiguration.Error;
        if (Directory.Exists(outPath)) throw new UsageException($"--out '{outPath}' is a folder; give a file name ending in {ModelBundleFile.Extension}.");
        if ((r.GetValue(settings.Data) is null) == (dataset is null)) throw new UsageException("Give the data as --data FILE or --dataset NAME (one of them).");
        if (target is not null && dataset is not null) throw new UsageException("--target names a column of your own --data file; a shipped --dataset knows its target.");
        string dataPath = r.GetValue(settings.Data) ?? Path.Combine(folder, dataset!.FileName);
        var data = dataset is not null ? UciCsv.Load(dataPath, dataset) : target is not null ? UciCsv.LoadWithTarget(dataPath, target) : UciCsv.LoadHousing(dataPath);
        var split = DataSplit.Create(data, options.Seed);
        stderr.WriteLine($"Training '{regularizer}' (c = {options.RelativeWeight}, seed {options.Seed}) on {split.Train.Rows} rows, " +
                         $"validating on {split.Validation.Rows}, testing on {split.Test.Rows}...");
        var model = Trainer.Train(split, options, (epoch, val) =>
        {
            if (epoch % 50 == 0) stderr.WriteLine($"  epoch {epoch,5}  validation MSE {val:F4}");
        });
        stderr.WriteLine($"Stopped after {model.Epochs} epochs (best {model.BestEpoch}, validation MSE {model.ValidationMse:F4}) in {model.Seconds:F1} s. Scoring LIME...");
        var scores = ModelEvaluation.Score(model.Layers, options.NegativeSlope, split, options.Seed, maxPoints: r.GetValue(settings.MetricPoints));
        var bundle = BundleExporter.Build(name ?? (regularizer == "none" ? "none" : "expo"), model, options, split, data, scores, dataPath, dataset?.Name);
        ModelBundleFile.Save(bundle, outPath);
        r.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {outPath}: test MSE {scores.TestMse:F4}, LIME-PF {scores.LimePf:F4}, LIME-NF {scores.LimeNf:F4}, LIME-S {scores.LimeS:F5}, {bundle.StartPoints.Count} start points."));
        return 0;
    }
}
