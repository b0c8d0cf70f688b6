using ExpO.Migrations.Entities;
using ExpO.Server.Models;
using ExpO.Shared.Explanations;

namespace ExpO.Server.Explanations;

/// <summary>A model's prediction at a point and the LIME explanation shown with it.</summary>
public sealed record ExplainedPoint(double Prediction, StoredExplanation Explanation);

/// <summary>Runs a study model and explains it at a point: the one place the server calls the runtime and LIME.</summary>
public sealed class ExplanationService(ModelCatalog catalog, Study.StudyOptions options)
{
    readonly LimeExplainer _explainer = LimeExplainer.ForStandardizedInputs(
        catalog.Dimensions, new LimeOptions { NumSamples = options.Settings.LimeSamples });

    public ExplainedPoint Explain(string modelName, IReadOnlyList<double> point, int seed)
    {
        var model = catalog.Get(modelName);
        var e = _explainer.Explain(model.Runtime, point.ToArray(), seed);
        return new ExplainedPoint(e.ModelPrediction, new StoredExplanation(e.Intercept, e.Coefficients, e.Score, seed));
    }
}
