using ExpO.Shared.Science.Explanations;

namespace ExpO.Shared.Tests;

public class LimeExplainerTests
{
    // Coefficients chosen for the test; LIME on an exactly linear model must give them back.
    static readonly double[] TrueCoef = [0.8, -0.5, 0.0, 0.3, -1.2, 0.05, 0.6, -0.25, 0.1, 0.0, -0.7];

    [Fact]
    public void Recovers_the_coefficients_of_a_linear_model()
    {
        var model = TestModels.Linear(TrueCoef, intercept: 0.4);
        var explainer = LimeExplainer.ForStandardizedInputs(11);
        var e = explainer.Explain(model, [0.3, -1, 0.5, 0, 2, -0.4, 0.1, 0.9, -1.5, 0.2, 0.7], seed: 42);

        // Ridge (alpha 1) shrinks each coefficient by about alpha / (sum of kernel weights x variance) ~ 1% and leaks
        // a little of it into correlated ones (~1e-3 here): allow 2% of the coefficient plus 2e-3.
        for (int i = 0; i < TrueCoef.Length; i++)
            Assert.True(Math.Abs(e.Coefficients[i] - TrueCoef[i]) <= 0.02 * Math.Abs(TrueCoef[i]) + 2e-3,
                $"coefficient {i}: {e.Coefficients[i]} vs {TrueCoef[i]}");
        Assert.Equal(0.4, e.Intercept, 2);
        Assert.True(e.Score > 0.999, $"R^2 {e.Score}");
    }

    [Fact]
    public void Works_in_raw_units_with_a_training_mean_and_scale()
    {
        // f(x) = 2 x0 - x1 in raw units; with scale s the coefficient per scaled unit is coef * s.
        var model = TestModels.Linear([2.0, -1.0], intercept: 0);
        var explainer = new LimeExplainer([10.0, -3.0], [4.0, 0.5]);
        var e = explainer.Explain(model, [12.0, -2.0], seed: 1);
        // Within the same 2% ridge shrinkage as above.
        Assert.InRange(e.Coefficients[0], 8.0 * 0.98, 8.0 * 1.02);
        Assert.InRange(e.Coefficients[1], -0.5 * 1.02, -0.5 * 0.98);
        Assert.InRange(explainer.LocalValue(e, [12.0, -2.0]), 26.0 * 0.98, 26.0 * 1.02);
    }

    [Fact]
    public void The_same_seed_gives_the_same_explanation_and_another_seed_another()
    {
        var model = new Science.Inference.MlpRuntime(TestModels.RandomLayers(11, [50, 50], seed: 2), 0.2f);
        var explainer = LimeExplainer.ForStandardizedInputs(11);
        double[] x = [0.1, 0.2, -0.3, 0.4, -0.5, 0.6, -0.7, 0.8, -0.9, 1.0, 0.0];
        var a = explainer.Explain(model, x, seed: 5);
        var b = explainer.Explain(model, x, seed: 5);
        var c = explainer.Explain(model, x, seed: 6);
        Assert.Equal(a.Coefficients, b.Coefficients);
        Assert.Equal(a.Intercept, b.Intercept);
        Assert.NotEqual(a.Coefficients, c.Coefficients);
        Assert.Equal(5, a.Seed);
    }

    [Fact]
    public void Reports_the_models_own_prediction_at_the_point()
    {
        var model = TestModels.Linear([1.0, 1.0], intercept: 0.5);
        var e = LimeExplainer.ForStandardizedInputs(2).Explain(model, [1.0, 2.0], seed: 3);
        Assert.Equal(3.5, e.ModelPrediction, 5);
    }

    [Fact]
    public void Rejects_a_point_of_the_wrong_size()
    {
        var model = TestModels.Linear([1.0, 1.0], intercept: 0);
        Assert.Throws<ArgumentException>(() => LimeExplainer.ForStandardizedInputs(2).Explain(model, [1.0], seed: 1));
    }
}

/// <summary>LIME on a bank of sample sets: each explanation is a fresh draw's, only the draws are shared.</summary>
public sealed class LimeSampleBankTests
{
    [Fact]
    public void An_explanation_from_the_bank_is_the_fresh_explanation_of_the_seed_its_set_was_drawn_with()
    {
        var model = new Science.Inference.MlpRuntime(TestModels.RandomLayers(11, [30, 30], seed: 6), 0.2f);
        var lime = LimeExplainer.ForStandardizedInputs(11, new LimeOptions { NumSamples = 400 });
        var bank = new LimeSampleBank(lime, model, sets: 1, seed: 9);
        var x = Enumerable.Range(0, 11).Select(i => 0.1 * i - 0.5).ToArray();

        var fresh = lime.Explain(model, x, new Random(9).Next());   // the one set's seed: the bank's first draw
        var banked = bank.Explain(model, x, seed: 12345);
        Assert.Equal(fresh.Coefficients, banked.Coefficients);
        Assert.Equal(fresh.Intercept, banked.Intercept);
        Assert.Throws<ArgumentException>(() => bank.Explain(TestModels.Linear(new double[11], 0), x, 0));
    }
}
