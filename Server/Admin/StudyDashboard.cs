using ExpO.Migrations;
using ExpO.Server.Analysis;
using ExpO.Shared.Statistics;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>How a group of participants is doing: counts by status, the order balance, medians.</summary>
public sealed record GroupSummary(
    string Group, int Started, int InProgress, int Finished, int Dropped, int ExpoFirst, int NoneFirst,
    double? MedianMinutes, double? MedianStepsPerRound);

/// <summary>A finished participant whose data deserve a second look, and why.</summary>
public sealed record QualityFlag(string Participant, string Reason);

/// <summary>The dashboard: all humans, each source apart (simulated participants under "agent"), and the flags.</summary>
public sealed record DashboardSummary(DateTime AtUtc, GroupSummary Humans, IReadOnlyList<GroupSummary> BySource, IReadOnlyList<QualityFlag> Flags);

/// <summary>
/// What the dashboard shows while a study runs, read fresh from the database on every call (so it sees every server
/// instance's participants), without tracking.
/// </summary>
public sealed class StudyDashboard(StudyDbContext db, TimeProvider time)
{
    /// <summary>Someone unfinished with nothing done for this long has most likely left.</summary>
    public static readonly TimeSpan DroppedAfter = TimeSpan.FromMinutes(30);
    /// <summary>The study takes 15-20 minutes (the consent says so); finishing in under 5 is too fast to have read anything.</summary>
    public static readonly TimeSpan ImplausiblyFast = TimeSpan.FromMinutes(5);

    sealed record Row(string Id, RecruitmentSource Source, bool ExpoFirst, StudyStage Stage, DateTime Created, DateTime? Completed,
        DateTime LastActive, int[] Steps, Preference[] Answers);

    public async Task<DashboardSummary> SummaryAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lastStep = await db.Steps.AsNoTracking().GroupBy(s => s.ParticipantId)
            .Select(g => new { g.Key, Last = g.Max(s => s.ServerTimeUtc) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var participants = await db.Participants.AsNoTracking().AsSplitQuery()
            .Include(p => p.Rounds).ThenInclude(r => r.Conditions).Include(p => p.FinalAnswers).ToListAsync(ct);
        var rows = participants.Select(p =>
        {
            var times = new[] { p.CreatedUtc, p.ConsentedUtc ?? p.CreatedUtc, p.CompletedUtc ?? p.CreatedUtc, lastStep.GetValueOrDefault(p.Id, p.CreatedUtc) }
                .Concat(p.Rounds.Select(r => r.AnsweredUtc ?? p.CreatedUtc));
            var answers = p.Rounds.SelectMany(r => new[] { r.Useful, r.Expectation }).OfType<Preference>()
                .Concat(p.FinalAnswers is { } f ? [f.Useful, f.Expectation] : []).ToArray();
            return new Row(StudyRecords.Pseudonym(p.TokenHash), p.Source, p.ExpoFirst, p.Stage, p.CreatedUtc, p.CompletedUtc, times.Max(),
                p.Rounds.Where(r => r.FinishedUtc is not null).SelectMany(r => r.Conditions.Select(c => c.Steps)).ToArray(), answers);
        }).ToList();

        GroupSummary Summarize(string group, IReadOnlyList<Row> g)
        {
            var finished = g.Where(r => r.Stage == StudyStage.Complete).ToList();
            int dropped = g.Count(r => r.Stage != StudyStage.Complete && now - r.LastActive > DroppedAfter);
            double? Median(IEnumerable<double> values) => values.ToArray() is { Length: > 0 } v ? Summary.Median(v) : null;
            return new GroupSummary(group, g.Count, g.Count - finished.Count - dropped, finished.Count, dropped,
                g.Count(r => r.ExpoFirst), g.Count(r => !r.ExpoFirst),
                Median(finished.Select(r => (r.Completed!.Value - r.Created).TotalMinutes)),
                Median(finished.SelectMany(r => r.Steps).Select(s => (double)s)));
        }

        var humans = rows.Where(r => r.Source != RecruitmentSource.Agent).ToList();
        var bySource = rows.GroupBy(r => r.Source).OrderBy(g => g.Key).Select(g => Summarize(g.Key.ToString().ToLowerInvariant(), g.ToList())).ToList();
        var flags = new List<QualityFlag>();
        foreach (var r in humans.Where(r => r.Stage == StudyStage.Complete))
        {
            var took = r.Completed!.Value - r.Created;
            if (took < ImplausiblyFast) flags.Add(new QualityFlag(r.Id, $"finished in {took.TotalMinutes:0.0} minutes"));
            if (r.Answers.Length > 2 && r.Answers.Distinct().Count() == 1)
                flags.Add(new QualityFlag(r.Id, $"gave the same answer ({ParticipantsCsv.Code(r.Answers[0])}) to all {r.Answers.Length} questions"));
        }
        return new DashboardSummary(now, Summarize("all people", humans), bySource, flags);
    }
}
