using System.Security.Cryptography;
using ExpO.Shared.Science.Bundles;
using ExpO.Training.Data;
using ExpO.Training.Model;

namespace ExpO.Training.Evaluation;

/// <summary>Builds the model bundle of a trained model: weights, training-split scaling, start points, metrics.</summary>
public static class BundleExporter
{
    public static ModelBundle Build(string name, TrainedModel model, TrainingOptions options, DataSplit split,
        Dataset data, ModelScores scores, string? dataPath) => new()
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
            CreatedUtc = DateTimeOffset.UtcNow,
        };
}
