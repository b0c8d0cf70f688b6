using ExpO.Shared.Science.Agents;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Shared.Tests;

/// <summary>The simulated participant's policy, its offline episodes and sweep, and its online form.</summary>
public sealed class AgentTests
{
    static readonly LimeExplainer Lime = LimeExplainer.ForStandardizedInputs(2);

    [Fact]
    public void The_probabilities_are_the_softmax_of_minus_lambda_times_the_distance_to_the_gap()
    {
        // gap 1.0, magnitudes 0.5, 1.0, 2.0, lambda 2: scores -1, 0, -2; by hand e^-1 = 0.367879, e^0 = 1,
        // e^-2 = 0.135335, sum 1.503214, so 0.244728, 0.665241, 0.090031.
        var p = new GreedySoftmaxPolicy(2).Probabilities(1.0, [0.5, 1.0, 2.0]);
        Assert.Equal([0.244728, 0.665241, 0.090031], p.Select(v => Math.Round(v, 6)));
        Assert.All(new GreedySoftmaxPolicy(0).Probabilities(1.0, [0.5, 1.0, 2.0, 7]), v => Assert.Equal(0.25, v, 12)); // uniform
        var greedy = new GreedySoftmaxPolicy(1000).Probabilities(0.9, [0.1, 1.0, 3.0]);
        Assert.True(greedy[1] > 0.999999, $"lambda 1000 put {greedy[1]} on the best item");
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreedySoftmaxPolicy(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreedySoftmaxPolicy(double.NaN));
    }

    [Fact]
    public void Drawn_items_follow_the_probabilities()
    {
        var policy = new GreedySoftmaxPolicy(2);
        var rng = new Random(7);
        var counts = new int[3];
        for (int i = 0; i < 60_000; i++) counts[policy.ChooseItem(1.0, [0.5, 1.0, 2.0], rng)]++;
        // 60,000 draws: each share within 0.01 of the hand-computed probabilities (their SD is below 0.002).
        Assert.Equal(0.244728, counts[0] / 60_000.0, 0.01);
        Assert.Equal(0.665241, counts[1] / 60_000.0, 0.01);
    }

    [Theory]
    [InlineData(1.0)]   // the target above the start: up
    [InlineData(-1.0)]  // below: down
    public void Every_move_goes_toward_the_target_whatever_the_coefficients_sign(double offset)
    {
        // f(x) = 0.5 x0 - 0.5 x1: a step on either item changes the price by 0.5 in the direction the explanation
        // says, so two steps reach a target 1.0 away exactly, on either item and for either sign.
        var model = TestModels.Linear([0.5, -0.5], 0);
        var settings = new StudySettings { TargetOffset = offset };
        for (int seed = 0; seed < 20; seed++)
        {
            var result = AgentEpisode.Run(x => Lime.Explain(model, x, seed), [0.3, -0.2], new GreedySoftmaxPolicy(0), settings, 50, new Random(seed));
            Assert.Equal(new EpisodeResult(2, false), result);
        }
    }

    [Fact]
    public void A_fixed_seed_gives_the_same_episode_and_the_cap_ends_one_that_cannot_finish()
    {
        var model = TestModels.Linear([0.3, -0.7], 0.1);
        EpisodeResult Play(int seed) => AgentEpisode.Run(x => Lime.Explain(model, x, 11), [0, 0], new GreedySoftmaxPolicy(5),
            new StudySettings { TargetOffset = 1.05, Tolerance = 0.02 }, 500, new Random(seed));
        Assert.Equal(Play(3), Play(3));

        // A flat model: no move changes the price, so only the cap ends the episode.
        var flat = TestModels.Linear([0, 0], 0);
        var capped = AgentEpisode.Run(x => Lime.Explain(flat, x, 1), [0, 0], new GreedySoftmaxPolicy(10), new StudySettings(), 25, new Random(1));
        Assert.Equal(new EpisodeResult(25, true), capped);
    }

    [Fact]
    public void A_reused_perturbation_set_gives_exactly_the_fresh_explanation_of_its_seed()
    {
        var model = new Science.Inference.MlpRuntime(TestModels.RandomLayers(11, [32, 32], seed: 4), 0.2f);
        var lime = LimeExplainer.ForStandardizedInputs(11);
        var samples = lime.DrawSamples(model, seed: 123);
        var rng = new Random(5);
        for (int i = 0; i < 5; i++)
        {
            var x = Enumerable.Range(0, 11).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            var fresh = lime.Explain(model, x, 123);
            var reused = lime.Explain(samples, x);
            Assert.Equal(fresh.ModelPrediction, reused.ModelPrediction, 6);
            for (int j = 0; j < 11; j++) Assert.Equal(fresh.Coefficients[j], reused.Coefficients[j], 6);
            Assert.Equal(fresh.Intercept, reused.Intercept, 6);
        }
    }

    [Fact]
    public void The_sweep_with_a_sample_bank_agrees_with_fresh_sampling_and_repeats_itself()
    {
        var none = new Science.Inference.MlpRuntime(TestModels.RandomLayers(11, [24, 24], seed: 8), 0.2f);
        var expo = new Science.Inference.MlpRuntime(TestModels.RandomLayers(11, [24, 24], seed: 9), 0.2f);
        var rng = new Random(3);
        var starts = Enumerable.Range(0, 10).Select(_ => (IReadOnlyList<double>)Enumerable.Range(0, 11).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToList();
        var o = new SweepOptions { Lambdas = [10], Episodes = 300, Settings = new StudySettings { LimeSamples = 300 }, Seed = 2 };
        var bank = AgentSweep.Run(none, expo, starts, o).Points.Single();
        var fresh = AgentSweep.Run(none, expo, starts, o with { FreshSampling = true }).Points.Single();
        Assert.Equal(bank, AgentSweep.Run(none, expo, starts, o).Points.Single()); // the same seed, the same sweep
        foreach (var (b, f) in new[] { (bank.None, fresh.None), (bank.Expo, fresh.Expo) })
        {
            // Two estimates of one mean: their difference within 3 combined standard errors (the CI half-width / 1.97).
            double se = Math.Sqrt(Math.Pow((b.CiHigh - b.Mean) / 1.97, 2) + Math.Pow((f.CiHigh - f.Mean) / 1.97, 2));
            Assert.True(Math.Abs(b.Mean - f.Mean) < 3 * se, $"bank {b.Mean:F2} vs fresh {f.Mean:F2} (SE {se:F2})");
        }
    }

    [Fact]
    public void The_sweep_takes_any_explainer_and_a_linear_model_explained_by_MAPLE_is_reached_greedily()
    {
        // f = sum of the items: MAPLE explains a linear model exactly, every coefficient +1, so a greedy agent
        // (lambda 20) reaches a target +1.0 away in about 1 step of 1.0 per side, never near the cap.
        var linear = TestModels.Linear(Enumerable.Repeat(1.0, 11).ToArray(), 0.0);
        var rng = new Random(5);
        double[][] Points(int n) => Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 11).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        var train = Points(200);
        int fitted = 0;
        var o = new SweepOptions
        {
            Lambdas = [20],
            Episodes = 20,
            Seed = 1,
            ExplainerFor = model => { fitted++; return MapleExplainer.Fit(model, train, Points(50), new MapleOptions { Forest = new ForestOptions { Trees = 20 } }); },
        };
        var point = AgentSweep.Run(linear, linear, train.Take(10).Select(p => (IReadOnlyList<double>)p).ToList(), o).Points.Single();
        Assert.Equal(2, fitted);   // one explainer per model
        Assert.Equal(0, point.None.Capped + point.Expo.Capped);
        Assert.InRange(point.None.Mean, 1, 3);
    }

    [Fact]
    public void Online_and_offline_the_agent_chooses_alike_on_the_same_explanation()
    {
        // What a participant's page shows for an explanation (StudyViews: dollars rounded to whole dollars, the
        // magnitude of one step per item), with the committed bundles' scale (~$9,200 per SD of the price).
        const double dollarsPerSd = 9197.0, meanDollars = 22_530;
        double[] coefficients = [0.42, -0.13, 0.05, -0.61, 0.33, 0.08, -0.27, 0.19, -0.02, 0.71, -0.38];
        double prediction = -0.35, target = prediction + 1.0;
        var view = new ConditionView(Condition.A, Math.Round(prediction * dollarsPerSd + meanDollars), Math.Round(target * dollarsPerSd + meanDollars),
            0, 0, 0, false, null, coefficients.Select((c, i) => new ItemView(i + 1, Math.Round(Math.Abs(c) * dollarsPerSd))).ToArray());
        var policy = new GreedySoftmaxPolicy(10);
        var online = new SoftmaxClickPolicy(policy, dollarsPerSd);
        int same = 0;
        for (int seed = 0; seed < 500; seed++)
        {
            int offline = policy.ChooseItem(Math.Abs(prediction - target), coefficients.Select(Math.Abs).ToArray(), new Random(seed));
            var (item, direction) = online.Choose(view, new Random(seed));
            Assert.Equal(Direction.Up, direction);
            if (item == offline + 1) same++;
        }
        // Rounding to whole dollars moves a probability by ~1e-4 at most, so a draw lands differently a few times in 500 at most.
        Assert.True(same >= 495, $"{same} of 500 draws chose alike");
    }
}
