using ExpO.Shared.Science.Statistics;

namespace ExpO.Server.Admin;

/// <summary>How a group of participants is doing: counts by status, the order balance, medians.</summary>
public sealed record GroupSummary(
    string Group, int Started, int InProgress, int Finished, int Dropped, int ExpoFirst, int NoneFirst,
    double? MedianMinutes, double? MedianStepsPerRound)
{
    /// <summary>Left out by a researcher: counted here and nowhere else in the group.</summary>
    public int Excluded { get; init; }
}

/// <summary>A participant whose data deserve a second look, and why.</summary>
public sealed record QualityFlag(string Participant, string Reason);

/// <summary>The dashboard: all humans, each source apart (simulated participants under "agent"), and the flags.</summary>
public sealed record DashboardSummary(DateTime AtUtc, GroupSummary Humans, IReadOnlyList<GroupSummary> BySource, IReadOnlyList<QualityFlag> Flags,
    Agents.AgentRunStatus? AgentRun = null)
{
    /// <summary>Risky states the researchers should act on, shown at the top (<see cref="DashboardWarnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// What the dashboard shows while a study runs, summed from <see cref="ParticipantsTable"/>'s rows, read fresh on every
/// call (so it sees every server instance's participants).
/// </summary>
public sealed class StudyDashboard(ParticipantsTable table, Agents.AgentRunner agents, DashboardWarnings warnings, AdminStudy chosen, TimeProvider time)
{
    /// <summary>The researcher's chosen study's dashboard.</summary>
    public async Task<DashboardSummary> SummaryAsync(CancellationToken ct)
    {
        var study = (await chosen.CurrentAsync(ct)).Id;
        var rows = await table.RowsAsync(study, ct);
        var humans = rows.Where(r => !r.Simulated).ToList();
        var bySource = rows.GroupBy(r => r.Source).OrderBy(g => g.Key).Select(g => Summarize(g.Key.ToString().ToLowerInvariant(), g.ToList())).ToList();
        var flags = humans.Where(r => r.Exclusion is null).SelectMany(r => r.Flags.Select(f => new QualityFlag(r.Id, f))).ToList();
        return new DashboardSummary(time.GetUtcNow().UtcDateTime, Summarize("all people", humans), bySource, flags, agents.Status)
        {
            Warnings = await warnings.ListAsync(study, ct),
        };
    }

    static GroupSummary Summarize(string group, IReadOnlyList<ParticipantRow> all)
    {
        // Someone a researcher left out (a pilot, a test) counts only as excluded, as the analysis leaves them out.
        var g = all.Where(r => r.Exclusion is null).ToList();
        var finished = g.Where(r => r.Finished).ToList();
        int dropped = g.Count(r => r.Dropped);
        double? Median(IEnumerable<double> values) => values.ToArray() is { Length: > 0 } v ? Summary.Median(v) : null;
        return new GroupSummary(group, g.Count, g.Count - finished.Count - dropped, finished.Count, dropped,
            g.Count(r => r.ExpoFirst), g.Count(r => !r.ExpoFirst),
            Median(finished.Select(r => r.Minutes!.Value)),
            Median(finished.SelectMany(r => r.StepsExpo.Concat(r.StepsNone)).Select(s => (double)s)))
        { Excluded = all.Count - g.Count };
    }
}
