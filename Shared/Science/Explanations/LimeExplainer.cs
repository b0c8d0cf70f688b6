using System.Buffers;
using ExpO.Shared.Science.Inference;
using ExpO.Shared.Science.Numerics;

namespace ExpO.Shared.Science.Explanations;

/// <summary>Settings of the LIME explainer; the defaults are those of the original study.</summary>
public sealed record LimeOptions
{
    public int NumSamples { get; init; } = 1000;
    /// <summary>Kernel width on scaled distances; null means LIME's default 0.75 * sqrt(d).</summary>
    public double? KernelWidth { get; init; }
    public double RidgeAlpha { get; init; } = 1.0;
}

/// <summary>
/// Tabular regression LIME as the ExpO study used it: continuous features (no discretization), samples drawn
/// per feature from N(training mean, training SD), distances measured on scaled samples, kernel
/// sqrt(exp(-d^2/w^2)), and a kernel-weighted ridge fit with intercept on all features. Deterministic per seed.
/// </summary>
public sealed class LimeExplainer : IExplainer
{
    readonly double[] _mean;
    readonly double[] _scale;
    readonly double _kernelWidth;

    public LimeOptions Options { get; }
    public int Dimensions => _mean.Length;

    public LimeExplainer(IReadOnlyList<double> trainingMean, IReadOnlyList<double> trainingScale, LimeOptions? options = null)
    {
        if (trainingMean.Count == 0 || trainingMean.Count != trainingScale.Count) throw new ArgumentException("Mean and scale need one value per feature.");
        if (trainingScale.Any(s => !(s > 0))) throw new ArgumentException("Every training scale must be positive.");
        Options = options ?? new LimeOptions();
        if (Options.NumSamples < 2) throw new ArgumentException("LIME needs at least two samples.");
        _mean = trainingMean.ToArray();
        _scale = trainingScale.ToArray();
        _kernelWidth = Options.KernelWidth ?? 0.75 * Math.Sqrt(_mean.Length);
    }

    /// <summary>For models whose inputs are already standardized with the training split (mean 0, SD 1): all of ours.</summary>
    public static LimeExplainer ForStandardizedInputs(int dimensions, LimeOptions? options = null) =>
        new(Enumerable.Repeat(0.0, dimensions).ToArray(), Enumerable.Repeat(1.0, dimensions).ToArray(), options);

    /// <summary>The point in the explainer's scaled units, the space the coefficients live in.</summary>
    public double[] Scale(ReadOnlySpan<double> x)
    {
        var z = new double[_mean.Length];
        for (int i = 0; i < z.Length; i++) z[i] = (x[i] - _mean[i]) / _scale[i];
        return z;
    }

    /// <summary>The explanation's value at a point given in model input units.</summary>
    public double LocalValue(Explanation e, ReadOnlySpan<double> x) => e.Predict(Scale(x));

    public Explanation Explain(IRegressionModel model, ReadOnlySpan<double> x, int seed)
    {
        int d = _mean.Length, n = Options.NumSamples;
        Check(model, x);
        var scaled = ArrayPool<double>.Shared.Rent(n * d);
        var inputs = ArrayPool<float>.Shared.Rent(n * d);
        var labels = ArrayPool<float>.Shared.Rent(n);
        var weights = ArrayPool<double>.Shared.Rent(n);
        try
        {
            SetPoint(x, scaled, inputs);
            DrawAroundMean(seed, scaled, inputs);
            model.Predict(inputs.AsSpan(0, n * d), labels.AsSpan(0, n));
            return Fit(scaled, labels, weights, seed);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scaled);
            ArrayPool<float>.Shared.Return(inputs);
            ArrayPool<float>.Shared.Return(labels);
            ArrayPool<double>.Shared.Return(weights);
        }
    }

    /// <summary>
    /// The perturbation set of one seed with the model's predictions on it. LIME draws it around the training mean,
    /// so it does not depend on the point explained: <see cref="Explain(LimeSamples, ReadOnlySpan{double})"/> reuses it
    /// for any point and gives exactly what <see cref="Explain(IRegressionModel, ReadOnlySpan{double}, int)"/> gives with
    /// this seed, running the model on one row instead of all of them (the agent's offline sweep).
    /// </summary>
    public LimeSamples DrawSamples(IRegressionModel model, int seed)
    {
        int d = _mean.Length, n = Options.NumSamples;
        Check(model, new double[d]);
        var scaled = new double[n * d];
        var inputs = new float[n * d];
        var labels = new float[n];
        DrawAroundMean(seed, scaled, inputs);
        model.Predict(inputs, labels); // row 0 is still zeros here; every explanation replaces it
        return new LimeSamples(model, seed, scaled, labels);
    }

    /// <summary>The explanation at x on a perturbation set drawn before (<see cref="DrawSamples"/>).</summary>
    public Explanation Explain(LimeSamples samples, ReadOnlySpan<double> x)
    {
        int d = _mean.Length, n = Options.NumSamples;
        Check(samples.Model, x);
        if (samples.Scaled.Length != n * d) throw new ArgumentException("These samples were drawn by an explainer with other settings.", nameof(samples));
        var scaled = ArrayPool<double>.Shared.Rent(n * d);
        var labels = ArrayPool<float>.Shared.Rent(n);
        var weights = ArrayPool<double>.Shared.Rent(n);
        var point = ArrayPool<float>.Shared.Rent(d);
        try
        {
            samples.Scaled.AsSpan().CopyTo(scaled);
            samples.Labels.AsSpan().CopyTo(labels);
            SetPoint(x, scaled, point);
            samples.Model.Predict(point.AsSpan(0, d), labels.AsSpan(0, 1));
            return Fit(scaled, labels, weights, samples.Seed);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scaled);
            ArrayPool<float>.Shared.Return(labels);
            ArrayPool<double>.Shared.Return(weights);
            ArrayPool<float>.Shared.Return(point);
        }
    }

    void Check(IRegressionModel model, ReadOnlySpan<double> x)
    {
        if (x.Length != _mean.Length) throw new ArgumentException($"Expected a point with {_mean.Length} features, got {x.Length}.");
        if (model.InputSize != _mean.Length) throw new ArgumentException($"The model takes {model.InputSize} features, the explainer {_mean.Length}.");
    }

    /// <summary>Row 0 is the point itself, scaled and as the model takes it.</summary>
    void SetPoint(ReadOnlySpan<double> x, double[] scaled, float[] inputs)
    {
        for (int j = 0; j < _mean.Length; j++)
        {
            scaled[j] = (x[j] - _mean[j]) / _scale[j];
            inputs[j] = (float)x[j];
        }
    }

    /// <summary>Rows 1..n-1, drawn around the training mean, as LIME does when sample_around_instance is off.</summary>
    void DrawAroundMean(int seed, double[] scaled, float[] inputs)
    {
        int d = _mean.Length, n = Options.NumSamples;
        var rng = new GaussianRandom(seed);
        for (int r = 1; r < n; r++)
            for (int j = 0; j < d; j++)
            {
                double z = rng.Next();
                scaled[r * d + j] = z;                       // (raw - mean) / scale of the raw draw z*scale+mean
                inputs[r * d + j] = (float)(z * _scale[j] + _mean[j]);
            }
    }

    /// <summary>Kernel weights by each sample's distance to the point (row 0), then the weighted ridge fit.</summary>
    Explanation Fit(double[] scaled, float[] labels, double[] weights, int seed)
    {
        int d = _mean.Length, n = Options.NumSamples;
        double w2 = _kernelWidth * _kernelWidth;
        for (int r = 0; r < n; r++)
        {
            double dist2 = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = scaled[r * d + j] - scaled[j];
                dist2 += diff * diff;
            }
            weights[r] = Math.Sqrt(Math.Exp(-dist2 / w2));
        }
        return FitRidge(scaled, labels, weights, n, d, seed);
    }

    /// <summary>Weighted ridge with an unpenalized intercept (scikit-learn's Ridge with sample_weight).</summary>
    Explanation FitRidge(double[] z, float[] y, double[] w, int n, int d, int seed)
    {
        double sw = 0, yMean = 0;
        var zMean = new double[d];
        for (int r = 0; r < n; r++)
        {
            sw += w[r];
            yMean += w[r] * y[r];
            for (int j = 0; j < d; j++) zMean[j] += w[r] * z[r * d + j];
        }
        yMean /= sw;
        for (int j = 0; j < d; j++) zMean[j] /= sw;

        var gram = new double[d * d];
        var rhs = new double[d];
        var centered = new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) centered[j] = z[r * d + j] - zMean[j];
            double wr = w[r], yc = y[r] - yMean;
            for (int j = 0; j < d; j++)
            {
                double wc = wr * centered[j];
                rhs[j] += wc * yc;
                for (int k = 0; k <= j; k++) gram[j * d + k] += wc * centered[k];
            }
        }
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < j; k++) gram[k * d + j] = gram[j * d + k];
            gram[j * d + j] += Options.RidgeAlpha;
        }
        SymmetricSolver.SolveInPlace(gram, rhs);
        var coef = rhs;
        double intercept = yMean;
        for (int j = 0; j < d; j++) intercept -= coef[j] * zMean[j];

        double ssRes = 0, ssTot = 0;
        for (int r = 0; r < n; r++)
        {
            double fit = intercept;
            for (int j = 0; j < d; j++) fit += coef[j] * z[r * d + j];
            ssRes += w[r] * (y[r] - fit) * (y[r] - fit);
            ssTot += w[r] * (y[r] - yMean) * (y[r] - yMean);
        }
        double score = ssTot > 0 ? 1 - ssRes / ssTot : 1.0;
        double local = intercept;
        for (int j = 0; j < d; j++) local += coef[j] * z[j];
        return new Explanation(intercept, coef, score, local, y[0], seed);
    }
}

/// <summary>A LIME perturbation set with one model's predictions on it (<see cref="LimeExplainer.DrawSamples"/>).</summary>
public sealed class LimeSamples
{
    internal LimeSamples(IRegressionModel model, int seed, double[] scaled, float[] labels) =>
        (Model, Seed, Scaled, Labels) = (model, seed, scaled, labels);

    public IRegressionModel Model { get; }
    public int Seed { get; }
    internal double[] Scaled { get; }
    internal float[] Labels { get; }
}
