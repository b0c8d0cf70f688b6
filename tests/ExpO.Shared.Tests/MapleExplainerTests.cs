using ExpO.Shared.Science.Explanations;

namespace ExpO.Shared.Tests;

/// <summary>MAPLE on cases small enough to work out by hand: the weights, the local ridge, the features kept.</summary>
public sealed class MapleExplainerTests
{
    /// <summary>One tree, no bootstrap, every feature at each split: the only split of 20 points into leaves of at least
    /// 10 is in the middle, so the tree is known without running it.</summary>
    static readonly MapleOptions OneTree = new() { Forest = new ForestOptions { Trees = 1, Bootstrap = false, MaxFeatures = 1.0, MinSamplesLeaf = 10 } };

    static double[][] Line(int n) => Enumerable.Range(0, n).Select(i => new[] { (double)i }).ToArray();

    [Fact]
    public void A_point_weights_the_training_points_of_its_leaf_one_over_the_leaf_size_and_the_rest_zero()
    {
        var model = TestModels.Linear([3.0], 1.0);
        var maple = MapleExplainer.Fit(model, Line(20), Line(20), OneTree);

        var weights = maple.Weights([4.2]);
        // Left leaf: points 0..9, 1/10 each; the right leaf's points share no leaf with 4.2.
        Assert.Equal(Enumerable.Repeat(0.1, 10).Concat(Enumerable.Repeat(0.0, 10)), weights.Select(w => Math.Round(w, 12)));
        Assert.Equal(Enumerable.Repeat(0.0, 10).Concat(Enumerable.Repeat(0.1, 10)), maple.Weights([15]).Select(w => Math.Round(w, 12)));
    }

    [Fact]
    public void The_explanation_is_the_weighted_ridge_of_the_leaf_worked_out_by_hand()
    {
        // f = 3x + 1. On the left leaf (x = 0..9, weights 0.1): Sxx = 0.1 * sum (x - 4.5)^2 = 0.1 * 82.5 = 8.25 and
        // Sxy = 3 Sxx, so the ridge slope with alpha 0.001 is 3 * 8.25 / (8.25 + 0.001), the intercept
        // mean(f) - slope * 4.5 with mean(f) = 3 * 4.5 + 1.
        var model = TestModels.Linear([3.0], 1.0);
        var maple = MapleExplainer.Fit(model, Line(20), Line(20), OneTree);
        var e = maple.Explain(model, [4.2], seed: 0);

        double slope = 3 * 8.25 / (8.25 + 0.001), intercept = 3 * 4.5 + 1 - slope * 4.5;
        Assert.Equal(slope, e.Coefficients[0], 5);   // the model's outputs are float32
        Assert.Equal(intercept, e.Intercept, 4);
        Assert.Equal(intercept + slope * 4.2, e.LocalPrediction, 4);
        Assert.Equal(3 * 4.2 + 1, e.ModelPrediction, 4);
        Assert.Equal(e.LocalPrediction, maple.LocalValue(e, [4.2]), 12);
    }

    [Fact]
    public void The_features_kept_are_the_important_ones_first_and_as_many_as_the_validation_error_asks()
    {
        // f = 2 x0 + 0.5 x1; x2 plays no part. Every tree's root splits on x0 (it moves f most), so x0 comes first;
        // one feature leaves 0.5 x1 unexplained, two explain f exactly.
        var rng = new Random(3);
        double[][] Points(int n) => Enumerable.Range(0, n).Select(_ => new[] { rng.NextDouble() * 4 - 2, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1 }).ToArray();
        var model = TestModels.Linear([2.0, 0.5, 0.0], 0.0);
        var maple = MapleExplainer.Fit(model, Points(300), Points(100), new MapleOptions { Forest = new ForestOptions { Trees = 30, MaxFeatures = 1.0 } }, seed: 1);

        Assert.Equal(0, maple.FeatureOrder[0]);
        Assert.Equal(1, maple.FeatureOrder[1]);
        Assert.InRange(maple.KeptFeatures, 2, 3);
        Assert.True(maple.ValidationRmse[0] > 100 * maple.ValidationRmse[maple.KeptFeatures - 1],
            $"RMSE with one feature {maple.ValidationRmse[0]}, with {maple.KeptFeatures} {maple.ValidationRmse[maple.KeptFeatures - 1]}");
        var e = maple.Explain(model, [0.3, -0.2, 0.1], seed: 0);
        // The ridge (alpha 0.001) shrinks a little toward zero on a neighbourhood this tight (and the outputs are float32).
        Assert.InRange(e.Coefficients[0], 1.98, 2.001);
        Assert.InRange(e.Coefficients[1], 0.49, 0.501);
        Assert.InRange(e.Coefficients[2], -0.01, 0.01);
    }

    [Fact]
    public void A_forest_grows_by_its_procedure_bootstrap_rows_a_minimum_leaf_and_a_share_of_the_features()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var y = x.Select(r => 5 * r[0] + r[1]).ToArray();

        var forest = RandomForest.Fit(x, y, new ForestOptions { Trees = 20, MinSamplesLeaf = 10, MaxFeatures = 0.5 }, seed: 2);
        Assert.Equal(3, forest.FeaturesPerSplit);   // scikit-learn: max(1, int(0.5 * 6))
        foreach (var tree in forest.Trees)
        {
            // n rows drawn with replacement hold about 1 - 1/e = 63% of the distinct rows (126 of 200, SD about 7).
            Assert.InRange(tree.Node(0).Rows, 100, 150);
            for (int node = 0; node < tree.NodeCount; node++)
                if (tree.Node(node).Leaf) Assert.True(tree.Node(node).Rows >= 10, $"a leaf of {tree.Node(node).Rows} distinct rows");
        }
        // Three of six features per split: some roots cannot see x0 and split on another; with all six they always take x0.
        Assert.Contains(forest.Trees, t => t.RootFeature != 0);
        var full = RandomForest.Fit(x, y, new ForestOptions { Trees = 20, MinSamplesLeaf = 10, MaxFeatures = 1.0 }, seed: 2);
        Assert.All(full.Trees, t => Assert.Equal(0, t.RootFeature));
        // Bootstrap samples differ from tree to tree, so the roots' thresholds do too; one seed gives one forest.
        Assert.True(full.Trees.Select(t => t.Node(0).Threshold).Distinct().Count() > 1);
        var again = RandomForest.Fit(x, y, new ForestOptions { Trees = 20, MinSamplesLeaf = 10, MaxFeatures = 0.5 }, seed: 2);
        Assert.Equal(forest.Predict(x[5]), again.Predict(x[5]));
    }
}
