using ExpO.Shared.Science.Bundles;
using ExpO.Training.Model;
using ExpO.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace ExpO.Training.Tests;

public class RegularizerTests
{
    static Mlp Network(double slope, int seed)
    {
        torch.random.manual_seed(seed);
        return new Mlp(new MlpArchitecture(11, [32, 32], slope));
    }

    static double Penalty(string name, Mlp net, int seed)
    {
        torch.random.manual_seed(seed);
        using var scope = NewDisposeScope();
        var x = randn(16, 11);
        return Regularizer.Create(name, 11)!.Penalty(net.forward, x).item<float>();
    }

    [Theory]
    [InlineData("fidelity")]
    [InlineData("fidelity1d")]
    public void Fidelity_of_an_exactly_linear_network_is_zero_and_of_a_curved_one_is_not(string name)
    {
        // LeakyReLU with slope 1 is the identity, so the whole network is one affine map.
        double linear = Penalty(name, Network(slope: 1.0, seed: 1), seed: 2);
        double curved = Penalty(name, Network(slope: 0.2, seed: 1), seed: 2);
        Assert.True(linear < 1e-8, $"linear network penalty {linear}");
        Assert.True(curved > 1e-5, $"curved network penalty {curved}");
        Assert.True(curved > 1000 * linear);
    }

    [Fact]
    public void Stability_is_zero_for_a_constant_network_and_positive_otherwise()
    {
        var net = Network(slope: 0.2, seed: 3);
        Assert.True(Penalty("stability", net, seed: 4) > 1e-4);
        using (no_grad())
            foreach (var p in net.parameters()) p.zero_();
        Assert.Equal(0.0, Penalty("stability", net, seed: 4), 12);
    }

    [Fact]
    public void Gradients_reach_the_weights()
    {
        var net = Network(slope: 0.2, seed: 5);
        torch.random.manual_seed(6);
        var loss = Regularizer.Create("fidelity", 11)!.Penalty(net.forward, randn(8, 11));
        loss.backward();
        Assert.All(net.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Unknown_names_are_refused_and_none_has_no_regularizer()
    {
        Assert.Null(Regularizer.Create("none", 11));
        var e = Assert.Throws<ArgumentException>(() => Regularizer.Create("l2", 11));
        Assert.Contains("fidelity", e.Message);
    }
}
