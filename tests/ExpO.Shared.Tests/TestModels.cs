using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Inference;

namespace ExpO.Shared.Tests;

/// <summary>Small models with known answers for the science tests.</summary>
static class TestModels
{
    /// <summary>f(x) = intercept + sum coef_i x_i, run through the managed runtime as a one-layer network.</summary>
    public static MlpRuntime Linear(double[] coef, double intercept) =>
        new([new DenseLayer(coef.Length, 1, coef.Select(c => (float)c).ToArray(), [(float)intercept])], 0.2f);

    /// <summary>A random curved network (LeakyReLU 0.2) with Xavier-uniform weights.</summary>
    public static List<DenseLayer> RandomLayers(int inputs, int[] hidden, int seed)
    {
        var rng = new Random(seed);
        var sizes = new List<int> { inputs };
        sizes.AddRange(hidden);
        sizes.Add(1);
        var layers = new List<DenseLayer>();
        for (int l = 0; l < sizes.Count - 1; l++)
        {
            int i = sizes[l], o = sizes[l + 1];
            double limit = Math.Sqrt(6.0 / (i + o));
            layers.Add(new DenseLayer(i, o,
                Enumerable.Range(0, i * o).Select(_ => (float)((rng.NextDouble() * 2 - 1) * limit)).ToArray(),
                Enumerable.Range(0, o).Select(_ => (float)((rng.NextDouble() * 2 - 1) * 0.1)).ToArray()));
        }
        return layers;
    }

    /// <summary>Plain double-precision forward pass written from the definition, independent of the runtime's kernel.</summary>
    public static double Reference(IReadOnlyList<DenseLayer> layers, double slope, ReadOnlySpan<float> x)
    {
        var a = new double[x.Length];
        for (int i = 0; i < x.Length; i++) a[i] = x[i];
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var next = new double[layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
            {
                double s = layer.Bias[o];
                for (int i = 0; i < layer.Inputs; i++) s += layer.Weights[o * layer.Inputs + i] * a[i];
                next[o] = l < layers.Count - 1 && s < 0 ? s * slope : s;
            }
            a = next;
        }
        return a[0];
    }

    public static float[] RandomInputs(int rows, int d, int seed, double scale = 1.5)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, rows * d).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
    }
}
