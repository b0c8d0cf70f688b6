using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Study;

namespace ExpO.Shared.Science.Agents;

/// <summary>One condition played offline: how many steps it took, or that it hit the cap first.</summary>
public readonly record struct EpisodeResult(int Steps, bool Capped);

/// <summary>
/// The agent on one model from one start point, in-process: the study's own rules (<see cref="StudyRules"/>: target,
/// done, what a move does) with an explanation at every point, as the server would show it.
/// </summary>
public static class AgentEpisode
{
    /// <summary>The protocol's default: an agent that loops ends here and is counted as capped.</summary>
    public const int DefaultStepCap = 500;

    /// <param name="explain">The explanation at a point (its ModelPrediction is the model's prediction there).</param>
    public static EpisodeResult Run(Func<double[], Explanation> explain, IReadOnlyList<double> start, GreedySoftmaxPolicy policy,
        StudySettings settings, int stepCap, Random rng)
    {
        var point = start.ToArray();
        var e = explain(point);
        double target = StudyRules.Target(e.ModelPrediction, settings);
        var magnitudes = new double[e.Coefficients.Length];
        for (int steps = 1; steps <= stepCap; steps++)
        {
            for (int i = 0; i < magnitudes.Length; i++) magnitudes[i] = Math.Abs(e.Coefficients[i]) * settings.StepSize;
            int item = policy.ChooseItem(Math.Abs(e.ModelPrediction - target), magnitudes, rng);
            var direction = GreedySoftmaxPolicy.MoveUp(e.ModelPrediction, target) ? Direction.Up : Direction.Down;
            point = StudyRules.ApplyMove(point, item, e.Coefficients[item], direction, settings.StepSize);
            e = explain(point);
            if (StudyRules.IsDone(e.ModelPrediction, target, settings)) return new EpisodeResult(steps, false);
        }
        return new EpisodeResult(stepCap, true);
    }
}
