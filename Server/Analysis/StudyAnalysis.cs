using ExpO.Shared.Science.Statistics;

namespace ExpO.Server.Analysis;

/// <summary>Mean, median and count of a set of rounds' steps.</summary>
public sealed record StepSummary(double Mean, double Median, int N);

/// <summary>ExpO against None on steps per round: pooled over rounds (the original's test) and paired per participant.</summary>
public sealed record StepComparison(
    StepSummary Expo, StepSummary None, TTestResult? StudentT, TTestResult? WelchT, EffectSizeResult? CohensD,
    TTestResult? PairedT, WilcoxonResult? Wilcoxon, double? PairedEffect);

/// <summary>How many chose ExpO, None or neither, and the chi-squared test against a uniform split.</summary>
public sealed record PreferenceCounts(int Expo, int None, int NoPreference, ChiSquaredResult? ChiSquared);

/// <summary>Steps on each model at one round number (learning) or for one order.</summary>
public sealed record StepsByGroup(string Group, StepSummary Expo, StepSummary None);

/// <summary>The whole analysis of one dataset under one outlier rule, with the participants it kept.</summary>
public sealed record AnalysisReport(
    int ParticipantsTotal, IReadOnlyList<ParticipantRecord> Kept, IReadOnlyList<DroppedParticipant> Dropped,
    StepComparison Steps, PreferenceCounts Usefulness, PreferenceCounts Expectation,
    IReadOnlyList<(int Round, PreferenceCounts Usefulness, PreferenceCounts Expectation)> PreferencesByRound,
    IReadOnlyList<StepsByGroup> StepsByRound, IReadOnlyList<StepsByGroup> StepsByOrder,
    int? ParticipantsFor80, int? ParticipantsFor90)
{
    public int ParticipantsKept => Kept.Count;

    /// <summary>Rows of a published file whose lists disagree on the rounds, each with its line and what differs.</summary>
    public IReadOnlyList<string> IrregularRows { get; init; } = [];
}

/// <summary>
/// The study's analysis, as the original ran it and beyond: outliers dropped, steps compared between the models,
/// preferences counted through each participant's order; plus the paired view, learning and order effects and a
/// sample-size plan. The same code serves the analysis page and the headless `analyze` command.
/// </summary>
public static class StudyAnalysis
{
    /// <summary>Beyond this many participants a sample-size plan says "none" (no study of its kind runs that many).</summary>
    public const int PlanMaxParticipants = 10_000;

    public static AnalysisReport Run(IReadOnlyList<ParticipantRecord> participants, OutlierRule rule)
    {
        var (kept, dropped) = OutlierFilter.Apply(participants, rule);
        var steps = CompareSteps(kept);
        // Per round, each participant counts where they have that round (an irregular row may lack it on one side).
        int rounds = kept.Count == 0 ? 0 : kept.Max(p => Math.Max(Math.Max(p.StepsA.Count, p.StepsB.Count), Math.Max(p.UsefulRounds.Count, p.ExpectationRounds.Count)));
        var byRound = Enumerable.Range(0, rounds).Select(r =>
            (r + 1, Count(kept.Where(p => p.UsefulRounds.Count > r).Select(p => p.Chose(p.UsefulRounds[r]))),
                Count(kept.Where(p => p.ExpectationRounds.Count > r).Select(p => p.Chose(p.ExpectationRounds[r])))))
            .ToList();
        var learning = Enumerable.Range(0, rounds).Select(r =>
        {
            var at = kept.Where(p => p.PairedRounds > r).ToList();
            return new StepsByGroup($"round {r + 1}", Summarize(at.Select(p => p.StepsExpo[r])), Summarize(at.Select(p => p.StepsNone[r])));
        }).ToList();
        var order = new[] { (true, "ExpO first"), (false, "None first") }.Select(o =>
        {
            var group = kept.Where(p => p.ExpoFirst == o.Item1).ToList();
            return new StepsByGroup(o.Item2, Summarize(group.SelectMany(p => p.StepsExpo)), Summarize(group.SelectMany(p => p.StepsNone)));
        }).ToList();
        // An effect too small to plan for (a handful of near-equal participants) has no plan, rather than no page.
        int? Plan(double power) => steps.PairedEffect is { } dz ? SampleSize.PairedTWithin(dz, power, PlanMaxParticipants) : null;
        return new AnalysisReport(
            rule.IncludeSimulated ? participants.Count : participants.Count(p => !p.Simulated), kept, dropped,
            steps, Count(kept.Select(p => p.Chose(p.Useful))), Count(kept.Select(p => p.Chose(p.Expectation))),
            byRound, learning, order, Plan(0.8), Plan(0.9))
        {
            IrregularRows = participants.Select(p => p.Irregularity).OfType<string>().ToList(),
        };
    }

    static StepComparison CompareSteps(IReadOnlyList<ParticipantRecord> kept)
    {
        double[] expo = kept.SelectMany(p => p.StepsExpo).Select(s => (double)s).ToArray();
        double[] none = kept.SelectMany(p => p.StepsNone).Select(s => (double)s).ToArray();
        bool pooled = expo.Length >= 2 && none.Length >= 2;
        // The paired view: each participant's mean steps on each model (they saw both in every round).
        double[] expoMeans = kept.Select(p => p.StepsExpo.Average()).ToArray();
        double[] noneMeans = kept.Select(p => p.StepsNone.Average()).ToArray();
        bool paired = kept.Count >= 2;
        var differences = Summary.Of(expoMeans.Select((e, i) => e - noneMeans[i]).ToArray());
        double? dz = paired && differences.StandardDeviation > 0 ? differences.Mean / differences.StandardDeviation : null;
        return new StepComparison(
            Summarize(expo), Summarize(none),
            pooled ? TTest.StudentTwoSample(expo, none) : null,
            pooled ? TTest.Welch(expo, none) : null,
            pooled ? EffectSize.CohensD(expo, none) : null,
            paired ? TTest.Paired(expoMeans, noneMeans) : null,
            paired ? Shared.Science.Statistics.Wilcoxon.SignedRank(expoMeans, noneMeans) : null,
            dz);
    }

    static StepSummary Summarize(IEnumerable<int> steps) => Summarize(steps.Select(s => (double)s));

    static StepSummary Summarize(IEnumerable<double> steps)
    {
        var values = steps.ToArray();
        return new StepSummary(values.Length == 0 ? double.NaN : values.Average(), Summary.Median(values), values.Length);
    }

    static PreferenceCounts Count(IEnumerable<ModelChoice> choices)
    {
        var list = choices.ToList();
        int expo = list.Count(c => c == ModelChoice.Expo), none = list.Count(c => c == ModelChoice.None), neither = list.Count(c => c == ModelChoice.NoPreference);
        return new PreferenceCounts(expo, none, neither, list.Count > 0 ? ChiSquaredTest.AgainstUniform([expo, none, neither]) : null);
    }
}
