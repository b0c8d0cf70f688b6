using ExpO.Shared.Science.Bundles;

namespace ExpO.Shared.Tests;

public sealed class ModelBundleFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("expo-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static ModelBundle Sample(string name = "none") => new()
    {
        Name = name,
        Regularizer = "none",
        Architecture = new MlpArchitecture(2, [3], 0.2),
        Layers = TestModels.RandomLayers(2, [3], seed: 1),
        FeatureNames = ["A", "B"],
        FeatureMean = [1.0, 2.0],
        FeatureStd = [0.5, 3.0],
        TargetMean = 22.5,
        TargetStd = 9.2,
        StartPoints = [[0.1, -0.2], [1.0, 0.5]],
        Metrics = new BundleMetrics { TestMse = 0.1, LimeNeighborhoodFidelity = 0.14 },
    };

    [Fact]
    public void Round_trips_every_field()
    {
        var path = Path.Combine(_dir, "m" + ModelBundleFile.Extension);
        var original = Sample();
        ModelBundleFile.Save(original, path);
        var loaded = ModelBundleFile.Load(path);
        Assert.Equal(original.Name, loaded.Name);
        Assert.Equal(original.Layers[0].Weights, loaded.Layers[0].Weights);
        Assert.Equal(original.Layers[1].Bias, loaded.Layers[1].Bias);
        Assert.Equal(original.StartPoints[1], loaded.StartPoints[1]);
        Assert.Equal(original.Metrics, loaded.Metrics);
        Assert.Equal(original.TargetStd, loaded.TargetStd);
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var e = Assert.Throws<BundleFormatException>(() => ModelBundleFile.Load(Path.Combine(_dir, "nope.bundle.json")));
        Assert.Contains("nope.bundle.json", e.Message);
    }

    [Fact]
    public void Malformed_json_is_reported_not_thrown_raw()
    {
        var path = Path.Combine(_dir, "bad" + ModelBundleFile.Extension);
        File.WriteAllText(path, "{ \"name\": ");
        var e = Assert.Throws<BundleFormatException>(() => ModelBundleFile.Load(path));
        Assert.Contains("not valid bundle JSON", e.Message);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_architecture_are_refused()
    {
        var path = Path.Combine(_dir, "x" + ModelBundleFile.Extension);
        var broken = Sample() with { Layers = [TestModels.RandomLayers(2, [3], 1)[0]] };
        var e = Assert.Throws<BundleFormatException>(() => ModelBundleFile.Save(broken, path));
        Assert.Contains("layers", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_folder_loads_every_bundle_by_name_and_refuses_duplicates()
    {
        ModelBundleFile.Save(Sample("none"), Path.Combine(_dir, "a" + ModelBundleFile.Extension));
        ModelBundleFile.Save(Sample("expo"), Path.Combine(_dir, "b" + ModelBundleFile.Extension));
        Assert.Equal(["expo", "none"], ModelBundleFile.LoadFolder(_dir).Keys.Order());
        ModelBundleFile.Save(Sample("expo"), Path.Combine(_dir, "c" + ModelBundleFile.Extension));
        Assert.Throws<BundleFormatException>(() => ModelBundleFile.LoadFolder(_dir));
    }
}
