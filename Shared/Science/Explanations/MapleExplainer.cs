using ExpO.Shared.Science.Inference;
using ExpO.Shared.Science.Numerics;

namespace ExpO.Shared.Science.Explanations;

/// <summary>MAPLE's settings; the defaults are the authors' (SLIM.py): the forest's, and the local ridge's penalty.</summary>
public sealed record MapleOptions
{
    public ForestOptions Forest { get; init; } = new();
    public double RidgeAlpha { get; init; } = 0.001;
}

/// <summary>
/// MAPLE (Plumb et al., 2018) as the ExpO authors ran it: a random forest fitted to the model's predictions on the
/// training inputs; each training point weighted, for a point x, by how often it shares a leaf with x (1/leaf size per
/// tree); a weighted ridge with intercept on the most important features gives the explanation. The features are
/// ordered by the root splits (each tree adds its root's impurity to its root feature), and how many are kept is
/// chosen once, by the local models' RMSE on the validation inputs. Fitted to one model; deterministic per seed.
/// </summary>
public sealed class MapleExplainer : IExplainer
{
    readonly IReadOnlyList<double[]> _train;
    readonly double[] _targets;
    readonly RandomForest _forest;
    readonly int[][][] _members; // per tree, per node: the training rows in that leaf
    readonly double _alpha;

    MapleExplainer(IReadOnlyList<double[]> train, double[] targets, RandomForest forest, MapleOptions options)
    {
        (_train, _targets, _forest, _alpha) = (train, targets, forest, options.RidgeAlpha);
        _members = forest.Trees.Select(tree =>
        {
            var byNode = new List<int>[tree.NodeCount];
            for (int i = 0; i < train.Count; i++) (byNode[tree.Leaf(train[i])] ??= []).Add(i);
            return byNode.Select(l => l?.ToArray() ?? []).ToArray();
        }).ToArray();
        var scores = new double[Dimensions];
        foreach (var tree in forest.Trees)
            if (tree.RootFeature >= 0) scores[tree.RootFeature] += tree.RootImpurity;
        // Ties (features never at a root) keep their column order.
        FeatureOrder = Enumerable.Range(0, Dimensions).OrderByDescending(j => scores[j]).ToArray();
        KeptFeatures = Dimensions;
    }

    public int Dimensions => _train[0].Length;
    /// <summary>The features from most to least important.</summary>
    public IReadOnlyList<int> FeatureOrder { get; }
    /// <summary>How many of <see cref="FeatureOrder"/> the explanations use.</summary>
    public int KeptFeatures { get; private set; }
    /// <summary>The validation RMSE of the local models for each number of kept features (index 0: one feature).</summary>
    public IReadOnlyList<double> ValidationRmse { get; private set; } = [];

    /// <summary>Fits MAPLE to <paramref name="model"/>: the forest on the training inputs, the number of features on the validation inputs.</summary>
    public static MapleExplainer Fit(IRegressionModel model, IReadOnlyList<double[]> training, IReadOnlyList<double[]> validation,
        MapleOptions? options = null, int seed = 0)
    {
        if (training.Count == 0 || validation.Count == 0) throw new ArgumentException("MAPLE needs training and validation points.");
        var o = options ?? new MapleOptions();
        var targets = Predict(model, training);
        var maple = new MapleExplainer(training, targets, RandomForest.Fit(training, targets, o.Forest, seed), o);
        maple.ChooseFeatureCount(validation, Predict(model, validation));
        return maple;
    }

    /// <summary>Each training point's weight for <paramref name="x"/>: the sum over trees of 1/leaf size where it shares x's leaf.</summary>
    public double[] Weights(ReadOnlySpan<double> x)
    {
        var weights = new double[_train.Count];
        for (int t = 0; t < _forest.Trees.Count; t++)
        {
            var members = _members[t][_forest.Trees[t].Leaf(x)];
            foreach (int i in members) weights[i] += 1.0 / members.Length;
        }
        return weights;
    }

    public Explanation Explain(IRegressionModel model, ReadOnlySpan<double> x, int seed)
    {
        if (x.Length != Dimensions) throw new ArgumentException($"Expected a point with {Dimensions} features, got {x.Length}.");
        var features = FeatureOrder.Take(KeptFeatures).ToArray();
        var fit = LocalFit.Of(_train, _targets, Weights(x), features, _alpha);
        var beta = fit.Solve(features.Length);
        var coefficients = new double[Dimensions];
        double intercept = fit.TargetMean;
        for (int a = 0; a < features.Length; a++)
        {
            coefficients[features[a]] = beta[a];
            intercept -= beta[a] * fit.Means[a];
        }
        var e = new Explanation(intercept, coefficients, fit.RSquared(beta), 0, Predict(model, [x.ToArray()])[0], seed);
        return e with { LocalPrediction = e.Predict(x) };
    }

    public double LocalValue(Explanation e, ReadOnlySpan<double> x) => e.Predict(x);

    /// <summary>For each validation point, the local fit on all features at once; each nested model predicts it.</summary>
    void ChooseFeatureCount(IReadOnlyList<double[]> validation, double[] truth)
    {
        int d = Dimensions;
        var squared = new double[d];
        var order = FeatureOrder.ToArray();
        for (int v = 0; v < validation.Count; v++)
        {
            var fit = LocalFit.Of(_train, _targets, Weights(validation[v]), order, _alpha);
            for (int k = 1; k <= d; k++)
            {
                var beta = fit.Solve(k);
                double prediction = fit.TargetMean;
                for (int a = 0; a < k; a++) prediction += beta[a] * (validation[v][order[a]] - fit.Means[a]);
                squared[k - 1] += (prediction - truth[v]) * (prediction - truth[v]);
            }
        }
        ValidationRmse = squared.Select(s => Math.Sqrt(s / validation.Count)).ToArray();
        // The fewest features among the best (the authors' strict "<" keeps the first minimum).
        KeptFeatures = 1 + Enumerable.Range(0, d).Aggregate((best, k) => ValidationRmse[k] < ValidationRmse[best] ? k : best);
    }

    static double[] Predict(IRegressionModel model, IReadOnlyList<double[]> points)
    {
        int d = model.InputSize;
        var inputs = new float[points.Count * d];
        for (int i = 0; i < points.Count; i++)
            for (int j = 0; j < d; j++) inputs[i * d + j] = (float)points[i][j];
        var outputs = new float[points.Count];
        model.Predict(inputs, outputs);
        return outputs.Select(o => (double)o).ToArray();
    }

    /// <summary>
    /// A weighted ridge with an unpenalized intercept (scikit-learn's Ridge with sample_weight) on the given features,
    /// factored once: the first k features' solution for any k costs one back substitution.
    /// </summary>
    sealed class LocalFit
    {
        public required double[] Means { get; init; }
        public required double TargetMean { get; init; }
        required public double[] Factor { get; init; }
        required public double[] Forward { get; init; }
        required public Func<double[], double> RSquared { get; init; }

        public double[] Solve(int k)
        {
            var beta = Forward[..k];
            SymmetricSolver.BackSubstitute(Factor, Means.Length, beta);
            return beta;
        }

        public static LocalFit Of(IReadOnlyList<double[]> x, double[] y, double[] w, int[] features, double alpha)
        {
            int p = features.Length;
            var rows = Enumerable.Range(0, w.Length).Where(i => w[i] > 0).ToArray();
            double sw = 0, yMean = 0;
            var means = new double[p];
            foreach (int i in rows)
            {
                sw += w[i];
                yMean += w[i] * y[i];
                for (int a = 0; a < p; a++) means[a] += w[i] * x[i][features[a]];
            }
            yMean /= sw;
            for (int a = 0; a < p; a++) means[a] /= sw;
            var gram = new double[p * p];
            var rhs = new double[p];
            var centered = new double[p];
            foreach (int i in rows)
            {
                for (int a = 0; a < p; a++) centered[a] = x[i][features[a]] - means[a];
                double yc = y[i] - yMean;
                for (int a = 0; a < p; a++)
                {
                    double wc = w[i] * centered[a];
                    rhs[a] += wc * yc;
                    for (int b = 0; b <= a; b++) gram[a * p + b] += wc * centered[b];
                }
            }
            for (int a = 0; a < p; a++) gram[a * p + a] += alpha;
            SymmetricSolver.Factor(gram, p);
            SymmetricSolver.ForwardSubstitute(gram, p, rhs);
            return new LocalFit
            {
                Means = means,
                TargetMean = yMean,
                Factor = gram,
                Forward = rhs,
                RSquared = beta =>
                {
                    double ssRes = 0, ssTot = 0;
                    foreach (int i in rows)
                    {
                        double fit = yMean;
                        for (int a = 0; a < beta.Length; a++) fit += beta[a] * (x[i][features[a]] - means[a]);
                        ssRes += w[i] * (y[i] - fit) * (y[i] - fit);
                        ssTot += w[i] * (y[i] - yMean) * (y[i] - yMean);
                    }
                    return ssTot > 0 ? 1 - ssRes / ssTot : 1.0;
                },
            };
        }
    }
}
