namespace ExpO.Shared.Science.Agents;

/// <summary>
/// The paper's simulated participant (docs/study-protocol.md, "The algorithmic agent"): item i is picked with
/// probability softmax(-lambda * | m_i - gap |), where m_i is how far the explanation says one step on item i moves the
/// prediction and gap is how far the prediction is from the target, both in standardized target units; it then moves
/// the item the way the explanation says goes toward the target. lambda 0 is a uniform random agent; a large lambda
/// approaches the greedy one. Pure: the caller hands in the random source.
/// </summary>
public sealed class GreedySoftmaxPolicy
{
    public GreedySoftmaxPolicy(double lambda)
    {
        if (!double.IsFinite(lambda) || lambda < 0) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be a finite number of at least 0.");
        Lambda = lambda;
    }

    public double Lambda { get; }

    /// <param name="gap">|prediction - target|.</param>
    /// <param name="magnitudes">Per item, the predicted change of one step: |c_i| * step.</param>
    public double[] Probabilities(double gap, ReadOnlySpan<double> magnitudes)
    {
        if (magnitudes.Length == 0) throw new ArgumentException("An explanation needs at least one item.", nameof(magnitudes));
        var p = new double[magnitudes.Length];
        double best = double.NegativeInfinity;
        for (int i = 0; i < p.Length; i++) best = Math.Max(best, p[i] = -Lambda * Math.Abs(magnitudes[i] - gap));
        // Subtracting the largest score keeps exp() finite for any lambda; the softmax is unchanged.
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(p[i] - best);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>The 0-based item to move, drawn from <see cref="Probabilities"/>.</summary>
    public int ChooseItem(double gap, ReadOnlySpan<double> magnitudes, Random rng)
    {
        var p = Probabilities(gap, magnitudes);
        double u = rng.NextDouble(), cumulative = 0;
        for (int i = 0; i < p.Length - 1; i++)
            if (u < (cumulative += p[i])) return i;
        return p.Length - 1;
    }

    /// <summary>Whether to move the way the explanation says raises the prediction ("+"): when it is below the target.</summary>
    public static bool MoveUp(double prediction, double target) => prediction < target;
}
