using System.Diagnostics;
using ExpO.Shared.Science.Statistics;
using ExpO.Training.Data;
using ExpO.Training.Model;

namespace ExpO.Training.Evaluation;

/// <summary>Per-regularizer scores of every trial, and their summaries and t-tests against "none".</summary>
public sealed record TrialResults(int Trials, int BaseSeed, IReadOnlyDictionary<string, List<ModelScores>> Scores)
{
    /// <summary>Every metric a trial may have, with its JSON key and its label; an explainer not scored has none of its own.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, Func<ModelScores, double?> Get)> Metrics =
    [
        ("mse", "MSE", s => s.TestMse),
        ("lime_pf", "LIME-PF", s => s.Lime?.PointFidelity),
        ("lime_nf", "LIME-NF", s => s.Lime?.NeighborhoodFidelity),
        ("lime_s", "LIME-S", s => s.Lime?.Stability),
        ("maple_pf", "MAPLE-PF", s => s.Maple?.PointFidelity),
        ("maple_nf", "MAPLE-NF", s => s.Maple?.NeighborhoodFidelity),
        ("maple_stability", "MAPLE-S", s => s.Maple?.Stability),
    ];

    /// <summary>The metrics every trial here has.</summary>
    public IReadOnlyList<(string Key, string Label, Func<ModelScores, double?> Get)> Present =>
        Metrics.Where(m => Scores.Values.SelectMany(s => s).All(s => m.Get(s) is not null)).ToList();

    public Summary Summarize(string regularizer, Func<ModelScores, double?> metric) =>
        Summary.Of(Values(regularizer, metric));

    /// <summary>Student's t-test of this regularizer against none over trials; null without a "none" arm.</summary>
    public double? PValueVsNone(string regularizer, Func<ModelScores, double?> metric) =>
        regularizer == "none" || !Scores.ContainsKey("none") || Scores[regularizer].Count < 2 || Scores["none"].Count < 2
            ? null
            : TTest.StudentTwoSample(Values(regularizer, metric), Values("none", metric)).PValue;

    double[] Values(string regularizer, Func<ModelScores, double?> metric) =>
        Scores[regularizer].Select(s => metric(s) ?? double.NaN).ToArray();
}

/// <summary>Runs N independent trials (new split and initialization each) of every regularizer.</summary>
public static class TrialRunner
{
    public static TrialResults Run(Dataset data, int trials, IReadOnlyList<string> regularizers, TrainingOptions baseOptions,
        int? metricPoints, TextWriter progress, IReadOnlyCollection<ExplainerKind>? explainers = null)
    {
        var scores = regularizers.ToDictionary(r => r, _ => new List<ModelScores>());
        var clock = Stopwatch.StartNew();
        for (int t = 0; t < trials; t++)
        {
            int seed = baseOptions.Seed + t;
            var split = DataSplit.Create(data, seed);
            foreach (var reg in regularizers)
            {
                var options = baseOptions with { Regularizer = reg, Seed = seed };
                var model = Trainer.Train(split, options);
                var s = ModelEvaluation.Score(model.Layers, options.NegativeSlope, split, seed, explainers ?? [ExplainerKind.Lime], maxPoints: metricPoints);
                scores[reg].Add(s);
                progress.WriteLine($"trial {t + 1}/{trials} {reg,-10} mse {s.TestMse:F3}  lime-nf {s.LimeNf:F4}  lime-s {s.LimeS:F5}  " +
                                   $"({model.Epochs} epochs, {model.Seconds:F1} s; {clock.Elapsed.TotalMinutes:F1} min so far)");
            }
        }
        return new TrialResults(trials, baseOptions.Seed, scores);
    }
}
