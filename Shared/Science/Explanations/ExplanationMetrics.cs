using ExpO.Shared.Science.Inference;
using ExpO.Shared.Science.Numerics;

namespace ExpO.Shared.Science.Explanations;

/// <summary>Point fidelity, neighbourhood fidelity and stability of an explainer on a set of points (lower is better).</summary>
public sealed record ExplanationQuality(double PointFidelity, double NeighborhoodFidelity, double Stability);

/// <summary>Settings of the evaluation neighbourhood N(x, sigma^2 I); the defaults are the paper's (Section 4).</summary>
public sealed record NeighborhoodOptions
{
    public double Sigma { get; init; } = 0.1;
    public int Samples { get; init; } = 5;
}

/// <summary>
/// The paper's explanation metrics (Eq. 1 and 2): PF = (g(x) - f(x))^2; NF = mean over x' ~ N(x, sigma^2 I) of
/// (g(x') - f(x'))^2; S = mean over x' of ||e(x) - e(x')||^2 on the coefficients. Averaged over the points.
/// </summary>
public static class ExplanationMetrics
{
    public static ExplanationQuality Measure(IRegressionModel model, IExplainer explainer, IReadOnlyList<double[]> points,
        int seed, NeighborhoodOptions? neighborhood = null)
    {
        if (points.Count == 0) throw new ArgumentException("Metrics need at least one point.");
        var options = neighborhood ?? new NeighborhoodOptions();
        int d = model.InputSize, m = options.Samples;
        var rng = new GaussianRandom(seed);
        double pf = 0, nf = 0, stability = 0;
        var neighbours = new double[m][];
        var inputs = new float[m * d];
        var outputs = new float[m];

        foreach (var x in points)
        {
            var e = explainer.Explain(model, x, rng.NextInt(int.MaxValue));
            double err = e.LocalPrediction - e.ModelPrediction;
            pf += err * err;

            for (int s = 0; s < m; s++)
            {
                neighbours[s] = new double[d];
                for (int j = 0; j < d; j++)
                {
                    neighbours[s][j] = x[j] + options.Sigma * rng.Next();
                    inputs[s * d + j] = (float)neighbours[s][j];
                }
            }
            model.Predict(inputs, outputs);

            double nfPoint = 0, sPoint = 0;
            for (int s = 0; s < m; s++)
            {
                double diff = explainer.LocalValue(e, neighbours[s]) - outputs[s];
                nfPoint += diff * diff;
                var other = explainer.Explain(model, neighbours[s], rng.NextInt(int.MaxValue));
                for (int j = 0; j < d; j++)
                {
                    double c = e.Coefficients[j] - other.Coefficients[j];
                    sPoint += c * c;
                }
            }
            nf += nfPoint / m;
            stability += sPoint / m;
        }
        int count = points.Count;
        return new ExplanationQuality(pf / count, nf / count, stability / count);
    }
}
