using ExpO.Shared.Science.Inference;

namespace ExpO.Shared.Science.Explanations;

/// <summary>
/// A local linear explainer (LIME, MAPLE): what the metrics, the agent and the study call, never a concrete class.
/// Points are in the model's input units (standardized features for all our models).
/// </summary>
public interface IExplainer
{
    /// <summary>The number of features a point has.</summary>
    int Dimensions { get; }

    /// <summary>The explanation of <paramref name="model"/> at <paramref name="x"/>; the seed makes a sampling explainer repeatable.</summary>
    Explanation Explain(IRegressionModel model, ReadOnlySpan<double> x, int seed);

    /// <summary>The explanation's value at a point given in model input units.</summary>
    double LocalValue(Explanation e, ReadOnlySpan<double> x);
}
