using ExpO.Shared.Science.Bundles;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExpO.Training.Model;

/// <summary>The TorchSharp MLP: Linear layers with LeakyReLU between them and one linear output.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> _layers;
    public MlpArchitecture Architecture { get; }

    public Mlp(MlpArchitecture architecture) : base("mlp")
    {
        Architecture = architecture;
        var sizes = new List<int> { architecture.InputSize };
        sizes.AddRange(architecture.HiddenSizes);
        sizes.Add(1);
        _layers = nn.ModuleList(Enumerable.Range(0, sizes.Count - 1).Select(i => nn.Linear(sizes[i], sizes[i + 1])).ToArray());
        RegisterComponents();
        using var _ = no_grad();
        foreach (var layer in _layers)
        {
            nn.init.xavier_uniform_(layer.weight!);
            nn.init.zeros_(layer.bias!);
        }
    }

    /// <summary>x [N, InputSize] -> predictions [N].</summary>
    public override Tensor forward(Tensor x)
    {
        for (int i = 0; i < _layers.Count - 1; i++)
            x = nn.functional.leaky_relu(_layers[i].forward(x), Architecture.NegativeSlope);
        return _layers[_layers.Count - 1].forward(x).squeeze(-1);
    }

    public DenseLayer[] ExportLayers() => _layers.Select(l => new DenseLayer(
        (int)l.in_features, (int)l.out_features,
        l.weight!.detach().cpu().data<float>().ToArray(),
        l.bias!.detach().cpu().data<float>().ToArray())).ToArray();

    public void LoadLayers(IReadOnlyList<DenseLayer> layers)
    {
        if (layers.Count != _layers.Count) throw new ArgumentException($"Expected {_layers.Count} layers, got {layers.Count}.");
        using var _ = no_grad();
        for (int i = 0; i < layers.Count; i++)
        {
            _layers[i].weight!.copy_(tensor(layers[i].Weights, [layers[i].Outputs, layers[i].Inputs]));
            _layers[i].bias!.copy_(tensor(layers[i].Bias, [layers[i].Outputs]));
        }
    }
}
