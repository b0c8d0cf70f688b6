using System.Collections.Concurrent;
using ExpO.Server.Models;
using ExpO.Server.Studies;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Study;

namespace ExpO.Server.Explanations;

/// <summary>A model's prediction at a point and the explanation shown with it (coefficients per standardized unit).</summary>
public sealed record ExplainedPoint(double Prediction, double Intercept, double[] Coefficients, double Score, int Seed);

/// <summary>Runs a study model and explains it at a point with the study's explainer: the one place the server calls the runtime and an explainer.</summary>
/// LIME's options are the server's (Study:Settings:LimeSamples), the same for every participant and study.
public sealed class ExplanationService(ModelCatalog catalog, LimeOptions lime)
{
    // One LIME per input width: the explainer holds only its options and the standardized scale.
    readonly ConcurrentDictionary<int, LimeExplainer> _lime = new();

    public ExplainedPoint Explain(StudyRuntime study, string modelName, IReadOnlyList<double> point, int seed)
    {
        var model = catalog.Get(modelName);
        var e = Explainer(study).Explain(model.Runtime, point.ToArray(), seed);
        return new ExplainedPoint(e.ModelPrediction, e.Intercept, e.Coefficients, e.Score, seed);
    }

    IExplainer Explainer(StudyRuntime study) => study.Explainer switch
    {
        StudyExplainer.Lime => _lime.GetOrAdd(study.Dimensions, d => LimeExplainer.ForStandardizedInputs(d, lime)),
        // A study is refused MAPLE when it is created (StudyCreation): its bundles carry no training rows to fit the forest on.
        _ => throw new StudyUnavailableException($"Study '{study.Name}' uses {study.Explainer}, which this server cannot run on its bundles."),
    };

    /// <summary>Only the prediction (one forward pass), where no explanation is shown.</summary>
    public double Predict(string modelName, IReadOnlyList<double> point)
    {
        Span<float> output = stackalloc float[1];
        catalog.Get(modelName).Runtime.Predict(point.Select(v => (float)v).ToArray(), output);
        return output[0];
    }
}
