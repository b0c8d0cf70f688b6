using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;

namespace ExpO.Shared.Tests;

public class ExplanationMetricsTests
{
    static IReadOnlyList<double[]> Points(int count, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
    }

    [Fact]
    public void A_linear_model_is_explained_almost_perfectly()
    {
        var model = TestModels.Linear([0.5, -0.3, 0.2, 0.9], intercept: 0.1);
        var q = ExplanationMetrics.Measure(model, LimeExplainer.ForStandardizedInputs(4), Points(10, 4, 1), seed: 3);
        // Only ridge shrinkage (~1% of each coefficient) separates LIME from the model.
        Assert.True(q.PointFidelity < 1e-3, $"PF {q.PointFidelity}");
        Assert.True(q.NeighborhoodFidelity < 1e-3, $"NF {q.NeighborhoodFidelity}");
        Assert.True(q.Stability < 1e-3, $"S {q.Stability}");
    }

    [Fact]
    public void A_curved_model_is_not()
    {
        var model = new MlpRuntime(TestModels.RandomLayers(4, [64, 64, 64], seed: 11), 0.2f);
        var linear = TestModels.Linear([0.5, -0.3, 0.2, 0.9], intercept: 0.1);
        var explainer = LimeExplainer.ForStandardizedInputs(4);
        var curved = ExplanationMetrics.Measure(model, explainer, Points(10, 4, 1), seed: 3);
        var straight = ExplanationMetrics.Measure(linear, explainer, Points(10, 4, 1), seed: 3);
        Assert.True(curved.NeighborhoodFidelity > 100 * straight.NeighborhoodFidelity,
            $"curved NF {curved.NeighborhoodFidelity} vs linear {straight.NeighborhoodFidelity}");
        Assert.True(curved.PointFidelity > 1e-4);
    }

    [Fact]
    public void Is_repeatable_for_a_seed()
    {
        var model = new MlpRuntime(TestModels.RandomLayers(4, [16], seed: 1), 0.2f);
        var explainer = LimeExplainer.ForStandardizedInputs(4);
        Assert.Equal(ExplanationMetrics.Measure(model, explainer, Points(3, 4, 2), seed: 9),
                     ExplanationMetrics.Measure(model, explainer, Points(3, 4, 2), seed: 9));
    }
}
