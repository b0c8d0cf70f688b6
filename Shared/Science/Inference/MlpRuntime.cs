using System.Buffers;
using System.Runtime.Intrinsics;
using ExpO.Shared.Science.Bundles;

namespace ExpO.Shared.Science.Inference;

/// <summary>
/// Runs a bundle's MLP in managed code (no libtorch): float32, batched, SIMD. Thread-safe: all state is
/// read-only after construction and scratch memory is rented per call.
/// </summary>
public sealed class MlpRuntime : IRegressionModel
{
    const int Lanes = 8;          // Vector256<float>
    const int RowBlock = 64;      // rows pushed through all layers together; keeps activations in L1/L2
    /// <summary>Batches at least this large are split across cores.</summary>
    public const int ParallelThreshold = 512;

    readonly Layer[] _hidden;
    readonly float[] _outputWeights;
    readonly float _outputBias;
    readonly int _maxWidth;
    readonly float _slope;
    readonly bool _splitLargeBatches;

    public int InputSize { get; }

    /// <param name="splitLargeBatches">Spread one large batch over all cores. Right for a single caller (training,
    /// evaluation); a server handling many requests at once gets its parallelism from them and passes false.</param>
    public MlpRuntime(ModelBundle bundle, bool splitLargeBatches = true)
        : this(bundle.Layers, (float)bundle.Architecture.NegativeSlope, splitLargeBatches) { }

    public MlpRuntime(IReadOnlyList<DenseLayer> layers, float negativeSlope, bool splitLargeBatches = true)
    {
        _splitLargeBatches = splitLargeBatches;
        if (layers.Count == 0 || layers[^1].Outputs != 1) throw new ArgumentException("An MLP needs at least one layer and a single output.");
        _slope = negativeSlope;
        InputSize = layers[0].Inputs;
        _hidden = layers.Take(layers.Count - 1).Select(Layer.From).ToArray();
        _outputWeights = layers[^1].Weights.ToArray();
        _outputBias = layers[^1].Bias[0];
        _maxWidth = _hidden.Length == 0 ? Lanes : _hidden.Max(l => l.PaddedOutputs);
    }

    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int rows = outputs.Length;
        if (inputs.Length != rows * InputSize)
            throw new ArgumentException($"Expected {rows * InputSize} inputs for {rows} rows of {InputSize}, got {inputs.Length}.");
        if (_splitLargeBatches && rows >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            PredictParallel(inputs.ToArray(), outputs);
            return;
        }
        PredictRange(inputs, outputs);
    }

    void PredictParallel(float[] inputs, Span<float> outputs)
    {
        int rows = outputs.Length;
        var result = ArrayPool<float>.Shared.Rent(rows);
        int chunks = Math.Min(Environment.ProcessorCount, (rows + RowBlock - 1) / RowBlock);
        int per = ((rows + chunks - 1) / chunks + RowBlock - 1) / RowBlock * RowBlock;
        Parallel.For(0, chunks, c =>
        {
            int start = c * per, count = Math.Min(per, rows - start);
            if (count > 0) PredictRange(inputs.AsSpan(start * InputSize, count * InputSize), result.AsSpan(start, count));
        });
        result.AsSpan(0, rows).CopyTo(outputs);
        ArrayPool<float>.Shared.Return(result);
    }

    unsafe void PredictRange(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int rows = outputs.Length;
        var a = ArrayPool<float>.Shared.Rent(RowBlock * _maxWidth);
        var b = ArrayPool<float>.Shared.Rent(RowBlock * _maxWidth);
        try
        {
            fixed (float* x0 = inputs, y0 = outputs, pa = a, pb = b)
            {
                for (int r = 0; r < rows; r += RowBlock)
                {
                    int n = Math.Min(RowBlock, rows - r);
                    float* src = x0 + (long)r * InputSize;
                    int srcStride = InputSize;
                    float* cur = pa, next = pb;
                    foreach (var l in _hidden)
                    {
                        fixed (float* w = l.WeightsT, bias = l.Bias)
                            Dense(src, srcStride, n, l.Inputs, w, l.PaddedOutputs, bias, cur, _slope);
                        src = cur; srcStride = l.PaddedOutputs;
                        float* t = cur; cur = next; next = t;
                    }
                    fixed (float* w = _outputWeights)
                        Output(src, srcStride, n, _outputWeights.Length, w, _outputBias, y0 + r);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a);
            ArrayPool<float>.Shared.Return(b);
        }
    }

    /// <summary>y = leaky(x W^T + b) for n rows; 4 rows x 3 vectors of outputs per inner step.</summary>
    static unsafe void Dense(float* x, int xStride, int n, int k, float* wt, int np, float* bias, float* y, float slope)
    {
        int chunks = np / Lanes;
        var s = Vector256.Create(slope);
        int r = 0;
        for (; r + 4 <= n; r += 4)
        {
            float* x0 = x + (long)r * xStride, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
            float* y0 = y + (long)r * np;
            int c = 0;
            for (; c + 3 <= chunks; c += 3)
            {
                int o = c * Lanes;
                var b0 = Vector256.Load(bias + o); var b1 = Vector256.Load(bias + o + Lanes); var b2 = Vector256.Load(bias + o + 2 * Lanes);
                Vector256<float> a00 = b0, a01 = b1, a02 = b2, a10 = b0, a11 = b1, a12 = b2;
                Vector256<float> a20 = b0, a21 = b1, a22 = b2, a30 = b0, a31 = b1, a32 = b2;
                float* w = wt + o;
                for (int j = 0; j < k; j++, w += np)
                {
                    var w0 = Vector256.Load(w); var w1 = Vector256.Load(w + Lanes); var w2 = Vector256.Load(w + 2 * Lanes);
                    var v = Vector256.Create(x0[j]);
                    a00 = Vector256.FusedMultiplyAdd(v, w0, a00); a01 = Vector256.FusedMultiplyAdd(v, w1, a01); a02 = Vector256.FusedMultiplyAdd(v, w2, a02);
                    v = Vector256.Create(x1[j]);
                    a10 = Vector256.FusedMultiplyAdd(v, w0, a10); a11 = Vector256.FusedMultiplyAdd(v, w1, a11); a12 = Vector256.FusedMultiplyAdd(v, w2, a12);
                    v = Vector256.Create(x2[j]);
                    a20 = Vector256.FusedMultiplyAdd(v, w0, a20); a21 = Vector256.FusedMultiplyAdd(v, w1, a21); a22 = Vector256.FusedMultiplyAdd(v, w2, a22);
                    v = Vector256.Create(x3[j]);
                    a30 = Vector256.FusedMultiplyAdd(v, w0, a30); a31 = Vector256.FusedMultiplyAdd(v, w1, a31); a32 = Vector256.FusedMultiplyAdd(v, w2, a32);
                }
                float* d0 = y0 + o, d1 = d0 + np, d2 = d1 + np, d3 = d2 + np;
                Leaky(a00, s).Store(d0); Leaky(a01, s).Store(d0 + Lanes); Leaky(a02, s).Store(d0 + 2 * Lanes);
                Leaky(a10, s).Store(d1); Leaky(a11, s).Store(d1 + Lanes); Leaky(a12, s).Store(d1 + 2 * Lanes);
                Leaky(a20, s).Store(d2); Leaky(a21, s).Store(d2 + Lanes); Leaky(a22, s).Store(d2 + 2 * Lanes);
                Leaky(a30, s).Store(d3); Leaky(a31, s).Store(d3 + Lanes); Leaky(a32, s).Store(d3 + 2 * Lanes);
            }
            for (; c < chunks; c++)
            {
                int o = c * Lanes;
                var b0 = Vector256.Load(bias + o);
                Vector256<float> a0 = b0, a1 = b0, a2 = b0, a3 = b0;
                float* w = wt + o;
                for (int j = 0; j < k; j++, w += np)
                {
                    var w0 = Vector256.Load(w);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(x0[j]), w0, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(x1[j]), w0, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(x2[j]), w0, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(x3[j]), w0, a3);
                }
                Leaky(a0, s).Store(y0 + o); Leaky(a1, s).Store(y0 + np + o);
                Leaky(a2, s).Store(y0 + 2 * np + o); Leaky(a3, s).Store(y0 + 3 * np + o);
            }
        }
        for (; r < n; r++)
        {
            float* xr = x + (long)r * xStride, yr = y + (long)r * np;
            for (int c = 0; c < chunks; c++)
            {
                int o = c * Lanes;
                var acc = Vector256.Load(bias + o);
                float* w = wt + o;
                for (int j = 0; j < k; j++, w += np) acc = Vector256.FusedMultiplyAdd(Vector256.Create(xr[j]), Vector256.Load(w), acc);
                Leaky(acc, s).Store(yr + o);
            }
        }
    }

    static Vector256<float> Leaky(Vector256<float> v, Vector256<float> slope) => Vector256.Max(v, v * slope);

    /// <summary>The single linear output: a dot product per row.</summary>
    static unsafe void Output(float* x, int xStride, int n, int k, float* w, float bias, float* y)
    {
        for (int r = 0; r < n; r++)
        {
            float* xr = x + (long)r * xStride;
            var acc = Vector256<float>.Zero;
            int j = 0;
            for (; j + Lanes <= k; j += Lanes) acc = Vector256.FusedMultiplyAdd(Vector256.Load(xr + j), Vector256.Load(w + j), acc);
            float sum = Vector256.Sum(acc);
            for (; j < k; j++) sum += xr[j] * w[j];
            y[r] = sum + bias;
        }
    }

    /// <summary>A layer with weights transposed to [Inputs, PaddedOutputs] so each input row adds to whole output vectors.</summary>
    sealed record Layer(int Inputs, int Outputs, int PaddedOutputs, float[] WeightsT, float[] Bias)
    {
        public static Layer From(DenseLayer d)
        {
            int padded = (d.Outputs + Lanes - 1) / Lanes * Lanes;
            var wt = new float[d.Inputs * padded];
            for (int o = 0; o < d.Outputs; o++)
                for (int i = 0; i < d.Inputs; i++)
                    wt[i * padded + o] = d.Weights[o * d.Inputs + i];
            var bias = new float[padded];
            d.Bias.CopyTo(bias, 0);
            return new Layer(d.Inputs, d.Outputs, padded, wt, bias);
        }
    }
}
