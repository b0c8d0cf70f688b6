using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Training.Data;

namespace ExpO.Training.Evaluation;

/// <summary>The explainers the evaluation can score.</summary>
public enum ExplainerKind { Lime = 1, Maple = 2 }

/// <summary>Test MSE, and each scored explainer's quality on held-out points (standardized units).</summary>
public sealed record ModelScores(double TestMse, ExplanationQuality? Lime, ExplanationQuality? Maple = null)
{
    public double LimePf => Lime?.PointFidelity ?? double.NaN;
    public double LimeNf => Lime?.NeighborhoodFidelity ?? double.NaN;
    public double LimeS => Lime?.Stability ?? double.NaN;
}

/// <summary>Scores a model the way the paper's Table 3 does, with the shared runtime, explainers and metrics.</summary>
public static class ModelEvaluation
{
    public static ModelScores Score(IReadOnlyList<DenseLayer> layers, double negativeSlope, DataSplit split, int seed,
        LimeOptions? lime = null, int? maxPoints = null) =>
        Score(layers, negativeSlope, split, seed, [ExplainerKind.Lime], lime, maxPoints);

    /// <summary>Test MSE and the metrics of each explainer in <paramref name="explainers"/> on the test points
    /// (the first <paramref name="maxPoints"/> of them when given).</summary>
    /// <param name="limeSampleSets">Null: LIME draws fresh samples for every explanation, as the paper's did. A number:
    /// a bank of that many sample sets per model (<see cref="LimeSampleBank"/>), the same distribution for a fraction of the time.</param>
    public static ModelScores Score(IReadOnlyList<DenseLayer> layers, double negativeSlope, DataSplit split, int seed,
        IReadOnlyCollection<ExplainerKind> explainers, LimeOptions? lime = null, int? maxPoints = null, int? limeSampleSets = null)
    {
        var runtime = new MlpRuntime(layers, (float)negativeSlope);
        var test = split.Test;
        var predictions = new float[test.Rows];
        runtime.Predict(test.X, predictions);
        double mse = predictions.Select((p, i) => (double)(p - test.Y[i]) * (p - test.Y[i])).Average();

        var points = test.AllRows();
        if (maxPoints is int cap && cap < points.Count) points = points.Take(cap).ToArray();
        ExplanationQuality? Measure(ExplainerKind kind) => explainers.Contains(kind)
            ? ExplanationMetrics.Measure(runtime, Explainer(kind, runtime, split, seed, lime, limeSampleSets), points, seed)
            : null;
        return new ModelScores(mse, Measure(ExplainerKind.Lime), Measure(ExplainerKind.Maple));
    }

    static IExplainer Explainer(ExplainerKind kind, MlpRuntime model, DataSplit split, int seed, LimeOptions? lime, int? sampleSets) => kind switch
    {
        ExplainerKind.Lime when sampleSets is int sets => new LimeSampleBank(LimeExplainer.ForStandardizedInputs(split.Test.Dimensions, lime), model, sets, seed),
        ExplainerKind.Lime => LimeExplainer.ForStandardizedInputs(split.Test.Dimensions, lime),
        // MAPLE learns the model from its predictions on the training inputs, and its size on the validation inputs.
        ExplainerKind.Maple => MapleExplainer.Fit(model, split.Train.AllRows(), split.Validation.AllRows(), seed: seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
