using ExpO.Server.Models;
using ExpO.Shared.Science.Explanations;

namespace ExpO.Server.Explanations;

/// <summary>A model's prediction at a point and the LIME explanation shown with it (coefficients per standardized unit).</summary>
public sealed record ExplainedPoint(double Prediction, double Intercept, double[] Coefficients, double Score, int Seed);

/// <summary>Runs a study model and explains it at a point: the one place the server calls the runtime and LIME.</summary>
/// LIME's options are the server's (Study:Settings:LimeSamples), the same for every participant.
public sealed class ExplanationService(ModelCatalog catalog, LimeOptions lime)
{
    readonly LimeExplainer _explainer = LimeExplainer.ForStandardizedInputs(catalog.Dimensions, lime);

    public ExplainedPoint Explain(string modelName, IReadOnlyList<double> point, int seed)
    {
        var model = catalog.Get(modelName);
        var e = _explainer.Explain(model.Runtime, point.ToArray(), seed);
        return new ExplainedPoint(e.ModelPrediction, e.Intercept, e.Coefficients, e.Score, seed);
    }

    /// <summary>Only the prediction (one forward pass), where no explanation is shown.</summary>
    public double Predict(string modelName, IReadOnlyList<double> point)
    {
        Span<float> output = stackalloc float[1];
        catalog.Get(modelName).Runtime.Predict(point.Select(v => (float)v).ToArray(), output);
        return output[0];
    }
}
