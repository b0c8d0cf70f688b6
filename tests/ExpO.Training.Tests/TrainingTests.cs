using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using ExpO.Training.Model;

namespace ExpO.Training.Tests;

public class TrainingTests
{
    static readonly Dataset Housing = UciCsv.LoadHousing(RepoFiles.HousingCsv);

    static TrainingOptions Quick(string regularizer, int seed) => new()
    {
        Regularizer = regularizer,
        Seed = seed,
        MaxEpochs = 5,
        HiddenSizes = [32, 32],
    };

    [Fact]
    public void Split_is_50_25_25_standardized_with_training_statistics_and_seeded()
    {
        var split = DataSplit.Create(Housing, seed: 3);
        Assert.Equal((253, 126, 127), (split.Train.Rows, split.Validation.Rows, split.Test.Rows));
        for (int j = 0; j < 11; j++)
        {
            var column = Enumerable.Range(0, split.Train.Rows).Select(i => (double)split.Train.X[i * 11 + j]).ToArray();
            double mean = column.Average();
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length), 4);
        }
        Assert.Equal(0, split.Train.Y.Average(), 4);
        Assert.Equal(split.Test.X, DataSplit.Create(Housing, seed: 3).Test.X);
        Assert.NotEqual(split.Test.X, DataSplit.Create(Housing, seed: 4).Test.X);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("fidelity")]
    public void The_same_seed_trains_the_same_weights(string regularizer)
    {
        var split = DataSplit.Create(Housing, seed: 1);
        var a = Trainer.Train(split, Quick(regularizer, 1));
        var b = Trainer.Train(split, Quick(regularizer, 1));
        var c = Trainer.Train(split, Quick(regularizer, 2));
        Assert.Equal(a.Layers[0].Weights, b.Layers[0].Weights);
        Assert.Equal(a.Layers[^1].Weights, b.Layers[^1].Weights);
        Assert.NotEqual(a.Layers[0].Weights, c.Layers[0].Weights);
    }

    [Fact]
    public void Relative_weight_sets_an_absolute_weight_proportional_to_c()
    {
        var split = DataSplit.Create(Housing, seed: 1);
        var small = Trainer.Train(split, Quick("fidelity", 1) with { MaxEpochs = 1, RelativeWeight = 0.01 });
        var large = Trainer.Train(split, Quick("fidelity", 1) with { MaxEpochs = 1, RelativeWeight = 0.1 });
        // Same seed, same first batch and neighbourhood: gamma = c * main / penalty scales with c alone.
        Assert.True(small.AbsoluteWeight > 0);
        Assert.Equal(10.0, large.AbsoluteWeight / small.AbsoluteWeight, 6);
        Assert.Equal(0, Trainer.Train(split, Quick("none", 1) with { MaxEpochs = 1 }).AbsoluteWeight);
    }

    [Fact]
    public void A_few_epoch_run_on_the_housing_file_learns_and_exports_a_bundle_the_runtime_runs()
    {
        var split = DataSplit.Create(Housing, seed: 0);
        var options = Quick("fidelity", 0) with { MaxEpochs = 30 };
        var model = Trainer.Train(split, options);
        // Predicting the training mean gives MSE ~1 in standardized units; a few epochs must beat it clearly.
        Assert.True(model.ValidationMse < 0.6, $"validation MSE {model.ValidationMse}");

        var scores = ModelEvaluation.Score(model.Layers, options.NegativeSlope, split, seed: 0, maxPoints: 5);
        var bundle = BundleExporter.Build("expo", model, options, split, Housing, scores, RepoFiles.HousingCsv);
        var path = Path.Combine(Path.GetTempPath(), $"expo-smoke-{Guid.NewGuid():N}{ModelBundleFile.Extension}");
        try
        {
            ModelBundleFile.Save(bundle, path);
            var loaded = ModelBundleFile.Load(path);
            Assert.Equal("fidelity", loaded.Regularizer);
            Assert.Equal(UciDatasets.Housing.FeatureNames, loaded.FeatureNames);
            Assert.NotEmpty(loaded.StartPoints);
            Assert.True(loaded.AbsoluteWeight > 0);
            Assert.Equal(64, loaded.DataSha256!.Length);

            var managed = new float[split.Test.Rows];
            var torch = new float[split.Test.Rows];
            new MlpRuntime(loaded).Predict(split.Test.X, managed);
            new TorchRegressionModel(model.Network).Predict(split.Test.X, torch);
            Assert.True(managed.Zip(torch, (a, b) => Math.Abs(a - b)).Max() <= 1e-5);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Start_points_are_held_out_rows_with_reachable_targets_and_shared_by_models_of_one_split()
    {
        var split = DataSplit.Create(Housing, seed: 0);
        var points = StartPoints.Choose(split);
        Assert.Equal(20, points.Count);
        var testRows = split.Test.AllRows();
        foreach (var p in points)
        {
            int row = Enumerable.Range(0, testRows.Count).Single(i => testRows[i].Zip(p, (a, b) => Math.Abs(a - b)).Max() < 1e-5);
            Assert.True(split.Test.Y[row] <= StartPoints.MaxStandardizedPrice);
        }
        Assert.Equal(points.Select(p => p.ToArray()), StartPoints.Choose(DataSplit.Create(Housing, seed: 0)).Select(p => p.ToArray()));
    }
}
