using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Shared.Science.Statistics;
using ExpO.Shared.Study;
using MathNet.Numerics.Distributions;

namespace ExpO.Shared.Science.Agents;

/// <summary>How a sweep runs: the protocol's defaults (docs/study-protocol.md) unless a caller changes them.</summary>
public sealed record SweepOptions
{
    public IReadOnlyList<double> Lambdas { get; init; } = [0, 0.5, 1, 2, 5, 10, 15, 20];
    public int Episodes { get; init; } = 2000;
    public int Seed { get; init; }
    /// <summary>Target +1.0, tolerance 0.1, step 1.0, in standardized units; LIME with its 1000 samples.</summary>
    public StudySettings Settings { get; init; } = new();
    public int StepCap { get; init; } = AgentEpisode.DefaultStepCap;
    /// <summary>
    /// False (the default): explanations reuse a bank of <see cref="SampleSets"/> LIME perturbation sets per model
    /// (<see cref="LimeExplainer.DrawSamples"/>), each exactly what a fresh draw with its seed gives. True: a fresh draw
    /// at every step, as the server does.
    /// </summary>
    public bool FreshSampling { get; init; }
    public int SampleSets { get; init; } = 256;
    /// <summary>Null: LIME, as the study explains. Otherwise each model's explainer (MAPLE is fitted to its model).</summary>
    public Func<IRegressionModel, IExplainer>? ExplainerFor { get; init; }
}

/// <summary>One model's episodes at one lambda: the mean steps of those that finished, its 95% CI, and how many hit the cap.</summary>
public sealed record SweepSide(double Mean, double CiLow, double CiHigh, int Finished, int Capped);

/// <summary>One lambda of the sweep; PairedP compares the two models on the episodes both finished (same start, same seed).</summary>
public sealed record SweepPoint(double Lambda, SweepSide None, SweepSide Expo, double? PairedP);

/// <summary>A whole sweep: one point per lambda, and how many explanations it took (for its speed).</summary>
public sealed record SweepRun(IReadOnlyList<SweepPoint> Points, long Explanations);

/// <summary>
/// The paper's Figure 8: the agent's mean steps per lambda on both models, in-process with the managed runtime and
/// LIME. Episodes are paired: the same start point and random seed on both models. Runs on every core.
/// </summary>
public static class AgentSweep
{
    public static SweepRun Run(IRegressionModel none, IRegressionModel expo, IReadOnlyList<IReadOnlyList<double>> starts,
        SweepOptions o, IProgress<int>? episodesDone = null, CancellationToken ct = default)
    {
        var lime = LimeExplainer.ForStandardizedInputs(none.InputSize, new LimeOptions { NumSamples = o.Settings.LimeSamples });
        long explanations = 0;
        var explainNone = Explainer(lime, none, o, () => Interlocked.Increment(ref explanations));
        var explainExpo = Explainer(lime, expo, o, () => Interlocked.Increment(ref explanations));
        var points = new List<SweepPoint>();
        int done = 0;
        for (int li = 0; li < o.Lambdas.Count; li++)
        {
            var policy = new GreedySoftmaxPolicy(o.Lambdas[li]);
            var results = new (EpisodeResult None, EpisodeResult Expo)[o.Episodes];
            Parallel.For(0, o.Episodes, new ParallelOptions { CancellationToken = ct }, e =>
            {
                int seed = Seeds.Mix(o.Seed, li, e);
                var start = starts[new Random(seed).Next(starts.Count)];
                results[e] = (
                    AgentEpisode.Run(explainNone(new Random(~seed)), start, policy, o.Settings, o.StepCap, new Random(seed)),
                    AgentEpisode.Run(explainExpo(new Random(~seed)), start, policy, o.Settings, o.StepCap, new Random(seed)));
                episodesDone?.Report(Interlocked.Increment(ref done));
            });
            points.Add(Summarize(o.Lambdas[li], results));
        }
        return new SweepRun(points, explanations);
    }

    /// <summary>For each episode, an explain function drawing its seeds (or LIME's bank sets) from the episode's own random source.</summary>
    static Func<Random, Func<double[], Explanation>> Explainer(LimeExplainer lime, IRegressionModel model, SweepOptions o, Action counted)
    {
        if (o.ExplainerFor?.Invoke(model) is { } explainer) return rng => x => { counted(); return explainer.Explain(model, x, rng.Next()); };
        if (o.FreshSampling) return rng => x => { counted(); return lime.Explain(model, x, rng.Next()); };
        var bank = Enumerable.Range(0, o.SampleSets).Select(i => lime.DrawSamples(model, Seeds.Mix(o.Seed, -1, i))).ToArray();
        return rng => x => { counted(); return lime.Explain(bank[rng.Next(bank.Length)], x); };
    }

    static SweepPoint Summarize(double lambda, (EpisodeResult None, EpisodeResult Expo)[] results)
    {
        var both = results.Where(r => !r.None.Capped && !r.Expo.Capped).ToList();
        double? p = both.Count >= 2 && both.Any(r => r.None.Steps != r.Expo.Steps)
            ? TTest.Paired(both.Select(r => (double)r.None.Steps).ToList(), both.Select(r => (double)r.Expo.Steps).ToList()).PValue
            : null;
        return new SweepPoint(lambda, Side(results.Select(r => r.None)), Side(results.Select(r => r.Expo)), p);
    }

    /// <summary>Capped episodes are counted, never averaged in: their step count is the cap, not what the agent needed.</summary>
    static SweepSide Side(IEnumerable<EpisodeResult> episodes)
    {
        var list = episodes.ToList();
        var finished = list.Where(e => !e.Capped).Select(e => (double)e.Steps).ToList();
        int capped = list.Count - finished.Count;
        if (finished.Count == 0) return new SweepSide(double.NaN, double.NaN, double.NaN, 0, capped);
        var s = Summary.Of(finished);
        double half = finished.Count > 1 ? StudentT.InvCDF(0, 1, finished.Count - 1, 0.975) * s.StandardError : double.NaN;
        return new SweepSide(s.Mean, s.Mean - half, s.Mean + half, finished.Count, capped);
    }
}
