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
    // One MAPLE per bundle, fitted once (a forest of 200 trees on its training rows: about a second for the wine
    // data); Lazy, so requests arriving together wait for one fit rather than each starting its own.
    readonly ConcurrentDictionary<string, Lazy<MapleExplainer>> _maple = new(StringComparer.OrdinalIgnoreCase);

    public ExplainedPoint Explain(StudyRuntime study, string modelName, IReadOnlyList<double> point, int seed)
    {
        var model = catalog.Get(modelName);
        var e = ExplainerOf(study, model).Explain(model.Runtime, point.ToArray(), seed);
        return new ExplainedPoint(e.ModelPrediction, e.Intercept, e.Coefficients, e.Score, seed);
    }

    /// <summary>The explainer a study shows for one of its models (the agent's sweep uses it too).</summary>
    public IExplainer ExplainerOf(StudyRuntime study, LoadedModel model) => study.Explainer switch
    {
        // Static factories with their argument: no closure is allocated on the step path once the explainer exists.
        StudyExplainer.Lime => _lime.GetOrAdd(study.Dimensions, static (d, options) => LimeExplainer.ForStandardizedInputs(d, options), lime),
        StudyExplainer.Maple => _maple.GetOrAdd(model.Bundle.Name,
            static (_, a) => new Lazy<MapleExplainer>(() => FitMaple(a.study, a.model)), (study, model)).Value,
        _ => throw new StudyUnavailableException($"Study '{study.Name}' names an explainer this server does not know."),
    };

    /// <summary>
    /// MAPLE as Table 3 runs it (the authors' settings), fitted on the bundle's own training and validation rows with
    /// seed 0, so every server instance fits the same forest and a participant's explanations can be recomputed.
    /// </summary>
    static MapleExplainer FitMaple(StudyRuntime study, LoadedModel model)
    {
        var b = model.Bundle;
        // Refused when the study is created (StudyCreation); a bundle swapped in the folder since then lands here.
        if (!b.CarriesSplitInputs)
            throw new StudyUnavailableException($"Study '{study.Name}' uses MAPLE, but bundle '{b.Name}' carries no training rows to fit it on.");
        static double[][] Rows(IReadOnlyList<float[]> rows) => rows.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        return MapleExplainer.Fit(model.Runtime, Rows(b.TrainingInputs), Rows(b.ValidationInputs), seed: 0);
    }

    /// <summary>Fits what a study's explanations need now rather than on its first participant's entry (MAPLE's forests).</summary>
    public void Prepare(StudyRuntime study)
    {
        if (study.Explainer != StudyExplainer.Maple) return;
        ExplainerOf(study, study.Control);
        ExplainerOf(study, study.Treatment);
    }

    /// <summary>Only the prediction (one forward pass), where no explanation is shown.</summary>
    public double Predict(string modelName, IReadOnlyList<double> point)
    {
        Span<float> output = stackalloc float[1];
        catalog.Get(modelName).Runtime.Predict(point.Select(v => (float)v).ToArray(), output);
        return output[0];
    }
}
