namespace ExpO.Shared.Science.Explanations;

/// <summary>The forest MAPLE fits: scikit-learn's RandomForestRegressor settings in the authors' SLIM.py.</summary>
public sealed record ForestOptions
{
    public int Trees { get; init; } = 200;
    public int MinSamplesLeaf { get; init; } = 10;
    /// <summary>The fraction of the features tried at each split (at least one).</summary>
    public double MaxFeatures { get; init; } = 0.5;
    /// <summary>Each tree grows on n rows drawn with replacement (true) or on all rows.</summary>
    public bool Bootstrap { get; init; } = true;
}

/// <summary>A seeded random forest of <see cref="RegressionTree"/>s; trees grow in parallel, the same for a seed on any machine.</summary>
public sealed class RandomForest
{
    RandomForest(IReadOnlyList<RegressionTree> trees, int featuresPerSplit) => (Trees, FeaturesPerSplit) = (trees, featuresPerSplit);

    public IReadOnlyList<RegressionTree> Trees { get; }
    /// <summary>How many features each split looks at first.</summary>
    public int FeaturesPerSplit { get; }

    public static RandomForest Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, ForestOptions? options = null, int seed = 0)
    {
        var o = options ?? new ForestOptions();
        if (x.Count == 0 || x.Count != y.Count) throw new ArgumentException("A forest needs rows and one target per row.");
        if (o.Trees < 1 || o.MinSamplesLeaf < 1 || !(o.MaxFeatures is > 0 and <= 1)) throw new ArgumentException("Trees and MinSamplesLeaf must be at least 1, MaxFeatures in (0, 1].");
        int n = x.Count, featuresPerSplit = Math.Max(1, (int)(o.MaxFeatures * x[0].Length));
        // One seed per tree, drawn up front: the trees do not depend on the order they grow in.
        var seeds = new Random(seed);
        var treeSeeds = Enumerable.Range(0, o.Trees).Select(_ => seeds.Next()).ToArray();
        var trees = new RegressionTree[o.Trees];
        Parallel.For(0, o.Trees, t =>
        {
            var rng = new Random(treeSeeds[t]);
            var rows = o.Bootstrap ? Enumerable.Range(0, n).Select(_ => rng.Next(n)).ToArray() : Enumerable.Range(0, n).ToArray();
            trees[t] = RegressionTree.Fit(x, y, rows, o.MinSamplesLeaf, featuresPerSplit, rng);
        });
        return new RandomForest(trees, featuresPerSplit);
    }

    /// <summary>The mean of the trees' predictions.</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (var tree in Trees) sum += tree.Predict(x);
        return sum / Trees.Count;
    }
}
