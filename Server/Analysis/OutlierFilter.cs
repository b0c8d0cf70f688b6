namespace ExpO.Server.Analysis;

/// <summary>How participants are dropped before the statistics: by a step threshold or a percentile of all rounds.</summary>
public sealed record OutlierRule(int? StepThreshold = OutlierRule.PublishedThreshold, double? Percentile = null, bool IncludeSimulated = false)
{
    /// <summary>The original analysis dropped everyone with a round above 150 steps on either side (the top 1%).</summary>
    public const int PublishedThreshold = 150;
}

/// <summary>A participant left out, and why.</summary>
public sealed record DroppedParticipant(string Id, string Reason);

/// <summary>Applies an <see cref="OutlierRule"/>: who is kept, who is dropped and why.</summary>
public static class OutlierFilter
{
    public static (IReadOnlyList<ParticipantRecord> Kept, IReadOnlyList<DroppedParticipant> Dropped) Apply(
        IReadOnlyList<ParticipantRecord> all, OutlierRule rule)
    {
        var candidates = rule.IncludeSimulated ? all : all.Where(p => !p.Simulated).ToList();
        double? limit = rule.Percentile is { } q ? Percentile(candidates.SelectMany(p => p.StepsA.Concat(p.StepsB)).ToArray(), q) : rule.StepThreshold;
        var kept = new List<ParticipantRecord>();
        var dropped = new List<DroppedParticipant>();
        foreach (var p in candidates)
        {
            int worst = p.StepsA.Concat(p.StepsB).Max();
            if (limit is { } l && worst > l)
            {
                int round = Enumerable.Range(0, p.StepsA.Count).First(r => Math.Max(p.StepsA[r], p.StepsB[r]) == worst) + 1;
                string rule_ = rule.Percentile is { } pct ? $"the {pct:0.#}th percentile of all rounds, {l:0.#} steps" : $"the threshold of {l:0} steps";
                dropped.Add(new DroppedParticipant(p.Id, $"round {round} took {worst} steps, above {rule_}"));
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
