namespace ExpO.Shared.Science.Explanations;

/// <summary>
/// One CART regression tree as scikit-learn grows it for a random forest: splits chosen by the largest fall in
/// squared error, unlimited depth, each leaf at least MinSamplesLeaf distinct rows (a bootstrap's repeats weigh in
/// the error but do not count twice), a random subset of the features tried at each split (more when none of those
/// can split). Nodes are kept in flat arrays; node 0 is the root.
/// </summary>
public sealed class RegressionTree
{
    readonly List<int> _feature = [];   // -1 for a leaf
    readonly List<double> _threshold = [];
    readonly List<int> _left = [];
    readonly List<int> _right = [];
    readonly List<double> _value = [];
    readonly List<double> _impurity = [];
    readonly List<int> _rows = [];

    RegressionTree() { }

    /// <summary>The number of nodes, leaves included.</summary>
    public int NodeCount => _feature.Count;
    /// <summary>The root's split feature, or -1 when the tree is one leaf.</summary>
    public int RootFeature => _feature[0];
    /// <summary>The variance of the targets the root holds (what MAPLE adds up to order the features).</summary>
    public double RootImpurity => _impurity[0];

    /// <summary>Whether node <paramref name="node"/> is a leaf, its split feature and threshold otherwise, and its distinct rows.</summary>
    public (bool Leaf, int Feature, double Threshold, int Rows) Node(int node) =>
        (_feature[node] < 0, _feature[node], _threshold[node], _rows[node]);

    /// <summary>The leaf <paramref name="x"/> falls in (values at or below a threshold go left).</summary>
    public int Leaf(ReadOnlySpan<double> x)
    {
        int node = 0;
        while (_feature[node] >= 0) node = x[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        return node;
    }

    /// <summary>The mean target of the leaf <paramref name="x"/> falls in.</summary>
    public double Predict(ReadOnlySpan<double> x) => _value[Leaf(x)];

    /// <summary>Grows a tree on <paramref name="rows"/> of x (a row may repeat: a bootstrap sample).</summary>
    public static RegressionTree Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, int minSamplesLeaf, int featuresPerSplit, Random rng)
    {
        var tree = new RegressionTree();
        var grower = new Grower(x, y, minSamplesLeaf, featuresPerSplit, rng);
        var pending = new Stack<(int Node, int[] Rows)>();
        pending.Push((tree.Add(rows, y), rows));
        while (pending.Count > 0)
        {
            var (node, nodeRows) = pending.Pop();
            if (grower.BestSplit(nodeRows) is not { } split) continue;
            tree._feature[node] = split.Feature;
            tree._threshold[node] = split.Threshold;
            var left = nodeRows.Where(r => x[r][split.Feature] <= split.Threshold).ToArray();
            var right = nodeRows.Where(r => x[r][split.Feature] > split.Threshold).ToArray();
            tree._left[node] = tree.Add(left, y);
            tree._right[node] = tree.Add(right, y);
            pending.Push((tree._right[node], right));
            pending.Push((tree._left[node], left));
        }
        return tree;
    }

    int Add(int[] rows, IReadOnlyList<double> y)
    {
        double mean = 0, square = 0;
        foreach (int r in rows)
        {
            mean += y[r];
            square += y[r] * y[r];
        }
        mean /= rows.Length;
        _feature.Add(-1);
        _threshold.Add(0);
        _left.Add(-1);
        _right.Add(-1);
        _value.Add(mean);
        _impurity.Add(Math.Max(0, square / rows.Length - mean * mean));
        _rows.Add(rows.Distinct().Count());
        return _feature.Count - 1;
    }

    /// <summary>Finds a node's best split; reuses its buffers from node to node.</summary>
    sealed class Grower(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int minLeaf, int featuresPerSplit, Random rng)
    {
        readonly int[] _features = Enumerable.Range(0, x[0].Length).ToArray();
        readonly int[] _seen = new int[x.Count];
        int _stamp;
        double[] _keys = [];
        int[] _order = [];

        public (int Feature, double Threshold)? BestSplit(int[] rows)
        {
            int n = rows.Length, distinct = rows.Distinct().Count();
            if (distinct < 2 * minLeaf) return null;
            if (_keys.Length < n) (_keys, _order) = (new double[n], new int[n]);
            double total = 0;
            foreach (int r in rows) total += y[r];
            (int Feature, double Threshold)? best = null;
            double bestScore = double.NegativeInfinity;
            // scikit-learn's rule: look at featuresPerSplit random features, and keep looking past them while none
            // of the features seen can split the node.
            for (int tried = 0; tried < _features.Length && (tried < featuresPerSplit || best is null); tried++)
            {
                int pick = tried + rng.Next(_features.Length - tried);
                (_features[tried], _features[pick]) = (_features[pick], _features[tried]);
                int f = _features[tried];
                for (int i = 0; i < n; i++)
                {
                    _keys[i] = x[rows[i]][f];
                    _order[i] = rows[i];
                }
                Array.Sort(_keys, _order, 0, n);
                double left = 0;
                int distinctLeft = 0;
                _stamp++;
                for (int i = 0; i < n - 1; i++)
                {
                    left += y[_order[i]];
                    if (_seen[_order[i]] != _stamp)
                    {
                        _seen[_order[i]] = _stamp;
                        distinctLeft++;
                    }
                    // Between two different values every repeat of a row is on one side, so the right holds the rest.
                    if (_keys[i] >= _keys[i + 1] || distinctLeft < minLeaf || distinct - distinctLeft < minLeaf) continue;
                    int nLeft = i + 1;
                    double right = total - left;
                    // The fall in squared error up to a constant: sum_left^2/n_left + sum_right^2/n_right.
                    double score = left * left / nLeft + right * right / (n - nLeft);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        double threshold = (_keys[i] + _keys[i + 1]) / 2;
                        best = (f, threshold >= _keys[i + 1] ? _keys[i] : threshold); // a midpoint rounded onto the right value
                    }
                }
            }
            return best;
        }
    }
}
