using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Data;

namespace ExpO.Training.Evaluation;

/// <summary>Test MSE and LIME explanation quality of a trained model on held-out points (standardized units).</summary>
public sealed record ModelScores(double TestMse, double LimePf, double LimeNf, double LimeS);

/// <summary>Scores a model the way the paper's Table 3 does, with the shared runtime, LIME and metrics.</summary>
public static class ModelEvaluation
{
    public static ModelScores Score(IReadOnlyList<DenseLayer> layers, double negativeSlope, DataSplit split, int seed,
        LimeOptions? lime = null, int? maxPoints = null)
    {
        var runtime = new MlpRuntime(layers, (float)negativeSlope);
        var test = split.Test;
        var predictions = new float[test.Rows];
        runtime.Predict(test.X, predictions);
        double mse = predictions.Select((p, i) => (double)(p - test.Y[i]) * (p - test.Y[i])).Average();

        var points = test.AllRows();
        if (maxPoints is int cap && cap < points.Count) points = points.Take(cap).ToArray();
        var explainer = LimeExplainer.ForStandardizedInputs(test.Dimensions, lime);
        var q = ExplanationMetrics.Measure(runtime, explainer, points, seed);
        return new ModelScores(mse, q.PointFidelity, q.NeighborhoodFidelity, q.Stability);
    }
}
