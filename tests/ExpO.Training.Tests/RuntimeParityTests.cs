using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Model;

namespace ExpO.Training.Tests;

public class RuntimeParityTests
{
    [Fact]
    public void Managed_runtime_matches_TorchSharp_on_the_same_weights()
    {
        TorchSharp.torch.random.manual_seed(21);
        var net = new Mlp(new MlpArchitecture(11, [100, 100, 100, 100, 100], 0.2));
        var rng = new Random(4);
        var x = Enumerable.Range(0, 1000 * 11).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var torchOut = new float[1000];
        var managedOut = new float[1000];
        new TorchRegressionModel(net).Predict(x, torchOut);
        new MlpRuntime(net.ExportLayers(), 0.2f).Predict(x, managedOut);
        double maxDiff = torchOut.Zip(managedOut, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5, $"max abs difference {maxDiff}");
        Assert.True(torchOut.Distinct().Count() > 900, "outputs should vary across inputs");
    }
}
