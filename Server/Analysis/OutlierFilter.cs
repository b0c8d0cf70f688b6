namespace ExpO.Server.Analysis;

/// <summary>
/// How participants are dropped before the statistics: above a step threshold, above a percentile of all rounds, or
/// both (whichever limit is lower binds); neither keeps everyone.
/// </summary>
public sealed record OutlierRule(int? StepThreshold = OutlierRule.PublishedThreshold, double? Percentile = null, bool IncludeSimulated = false)
{
    /// <summary>The original analysis dropped everyone with a round above 150 steps on either side (the top 1%).</summary>
    public const int PublishedThreshold = 150;

    /// <summary>The rule in a few words, for file names and report headers: "threshold-150", "p99", "none".</summary>
    public string Label => (StepThreshold, Percentile) switch
    {
        ({ } t, { } q) => $"threshold-{t}-p{q.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}",
        ({ } t, null) => $"threshold-{t}",
        (null, { } q) => $"p{q.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}",
        _ => "none",
    };
}

/// <summary>A participant left out, and why.</summary>
public sealed record DroppedParticipant(string Id, string Reason);

/// <summary>Applies an <see cref="OutlierRule"/>: who is kept, who is dropped and why.</summary>
public static class OutlierFilter
{
    public static (IReadOnlyList<ParticipantRecord> Kept, IReadOnlyList<DroppedParticipant> Dropped) Apply(
        IReadOnlyList<ParticipantRecord> all, OutlierRule rule)
    {
        var counted = rule.IncludeSimulated ? all : all.Where(p => !p.Simulated).ToList();
        // A researcher's exclusion comes first, and the excluded take no part in the percentile either.
        var dropped = counted.Where(p => p.ExcludedBecause is not null)
            .Select(p => new DroppedParticipant(p.Id, $"left out by a researcher: {p.ExcludedBecause}")).ToList();
        var candidates = counted.Where(p => p.ExcludedBecause is null).ToList();
        double? percentile = rule.Percentile is { } q ? Percentile(candidates.SelectMany(p => p.StepsA.Concat(p.StepsB)).ToArray(), q) : null;
        double? limit = (percentile, (double?)rule.StepThreshold) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        };
        string Reason(double l) => percentile is { } pv && pv <= l
            ? $"the {rule.Percentile:0.#}th percentile of all rounds, {l:0.#} steps"
            : $"the threshold of {l:0} steps";
        var kept = new List<ParticipantRecord>();
        foreach (var p in candidates)
        {
            int worst = p.StepsA.Concat(p.StepsB).Max();
            if (limit is { } l && worst > l)
            {
                // The first round that reached it on either side (an irregular row may list more rounds on one side).
                int round = Enumerable.Range(0, Math.Max(p.StepsA.Count, p.StepsB.Count))
                    .First(r => (r < p.StepsA.Count && p.StepsA[r] == worst) || (r < p.StepsB.Count && p.StepsB[r] == worst)) + 1;
                dropped.Add(new DroppedParticipant(p.Id, $"round {round} took {worst} steps, above {Reason(l)}"));
            }
            else kept.Add(p);
        }
        return (kept, dropped);
    }

    /// <summary>The q-th percentile (0-100) with linear interpolation between ranks (numpy's default).</summary>
    public static double Percentile(IReadOnlyList<int> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        double position = q / 100 * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
