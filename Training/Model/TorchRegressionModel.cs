using ExpO.Shared.Science.Inference;
using static TorchSharp.torch;

namespace ExpO.Training.Model;

/// <summary>Runs an Mlp through libtorch behind the shared model interface (parity tests and benchmarks).</summary>
public sealed class TorchRegressionModel(Mlp mlp) : IRegressionModel
{
    public int InputSize => mlp.Architecture.InputSize;

    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(inputs.ToArray(), [outputs.Length, InputSize]);
        mlp.forward(x).data<float>().CopyTo(outputs);
    }
}
