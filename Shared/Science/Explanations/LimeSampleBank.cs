using ExpO.Shared.Science.Inference;

namespace ExpO.Shared.Science.Explanations;

/// <summary>
/// LIME on a bank of perturbation sets drawn once for one model: LIME draws its samples around the training mean, not
/// around the point, so a set serves any point, and an explanation costs one model row instead of one per sample.
/// Each explanation takes the set its seed picks; every set is what a fresh draw with its own seed gives, so the
/// explanations have fresh sampling's distribution (two explanations share a set only by a 1-in-sets chance).
/// </summary>
public sealed class LimeSampleBank : IExplainer
{
    readonly LimeExplainer _lime;
    readonly IRegressionModel _model;
    readonly LimeSamples[] _sets;

    public LimeSampleBank(LimeExplainer lime, IRegressionModel model, int sets, int seed)
    {
        if (sets < 1) throw new ArgumentException("A bank needs at least one sample set.", nameof(sets));
        (_lime, _model) = (lime, model);
        var seeds = new Random(seed);
        _sets = Enumerable.Range(0, sets).Select(_ => lime.DrawSamples(model, seeds.Next())).ToArray();
    }

    public int Dimensions => _lime.Dimensions;

    public Explanation Explain(IRegressionModel model, ReadOnlySpan<double> x, int seed)
    {
        if (!ReferenceEquals(model, _model)) throw new ArgumentException("This bank was drawn for another model.", nameof(model));
        return _lime.Explain(_sets[(int)((uint)seed % (uint)_sets.Length)], x);
    }

    public double LocalValue(Explanation e, ReadOnlySpan<double> x) => _lime.LocalValue(e, x);
}
