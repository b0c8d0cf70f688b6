using System.Security.Cryptography;
using ExpO.Shared.Science.Bundles;
using ExpO.Training.Data;
using ExpO.Training.Model;

namespace ExpO.Training.Evaluation;

/// <summary>Builds the model bundle of a trained model: weights, training-split scaling, start points, metrics.</summary>
public static class BundleExporter
{
    /// <param name="dataset">The shipped dataset's name, or null for a file given with --data.</param>
    public static ModelBundle Build(string name, TrainedModel model, TrainingOptions options, DataSplit split,
        Dataset data, ModelScores scores, string? dataPath, string? dataset = null) => new()
        {
            Name = name,
            Regularizer = options.Regularizer,
            RelativeWeight = options.Regularizer == "none" ? 0 : options.RelativeWeight,
            AbsoluteWeight = model.AbsoluteWeight,
            Seed = options.Seed,
            Architecture = model.Network.Architecture,
            Layers = model.Layers,
            FeatureNames = split.FeatureNames,
            FeatureMean = split.Scaling.FeatureMean,
            FeatureStd = split.Scaling.FeatureStd,
            TargetMean = split.Scaling.TargetMean,
            TargetStd = split.Scaling.TargetStd,
            StartPoints = StartPoints.Choose(split),
            Metrics = new BundleMetrics
            {
                TestMse = scores.TestMse,
                ValidationMse = model.ValidationMse,
                LimePointFidelity = scores.LimePf,
                LimeNeighborhoodFidelity = scores.LimeNf,
                LimeStability = scores.LimeS,
                Epochs = model.Epochs,
                BestEpoch = model.BestEpoch,
                TrainSeconds = Math.Round(model.Seconds, 2),
            },
            DataSha256 = dataPath is null ? null : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dataPath))),
            Dataset = dataset,
            // MAPLE, in the study server, is fitted on these (a few hundred kB for the shipped datasets).
            TrainingInputs = Rows(split.Train),
            ValidationInputs = Rows(split.Validation),
            CreatedUtc = DateTimeOffset.UtcNow,
        };

    static float[][] Rows(SplitPart part) =>
        Enumerable.Range(0, part.Rows).Select(i => part.X.AsSpan(i * part.Dimensions, part.Dimensions).ToArray()).ToArray();
}
