using ExpO.Server.Analysis;
using ExpO.Shared.Study;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>
/// One participant as the researchers' table and dashboard see them: steps per finished round by model (translated
/// through the order), the final answers by model, how long they took and what looks doubtful.
/// </summary>
public sealed record ParticipantRow(
    string Id, RecruitmentSource Source, StudyStage Stage, bool ExpoFirst, int RoundsFinished, int TotalRounds,
    IReadOnlyList<int> StepsExpo, IReadOnlyList<int> StepsNone, DateTime StartedUtc, DateTime LastActiveUtc, double? Minutes,
    ModelChoice? Useful, ModelChoice? Expectation, int Resumes, bool Dropped, IReadOnlyList<string> Flags)
{
    /// <summary>A researcher's exclusion in force (left out of the analysis), or null.</summary>
    public ExclusionView? Exclusion { get; init; }
    /// <summary>The settings version they entered under (null: before versions existed).</summary>
    public long? SettingsVersion { get; init; }
    public bool Simulated => Source == RecruitmentSource.Agent;
    public bool Finished => Stage == StudyStage.Complete;
}

/// <summary>Every participant, newest first, in one read without tracking; the flags' rules live here.</summary>
public sealed class ParticipantsTable(StudyDbContext db, TimeProvider time)
{
    /// <summary>Someone unfinished with nothing done for this long has most likely left.</summary>
    public static readonly TimeSpan DroppedAfter = TimeSpan.FromMinutes(30);
    /// <summary>The study takes 15-20 minutes (the consent says so); finishing in under 5 is too fast to have read anything.</summary>
    public static readonly TimeSpan ImplausiblyFast = TimeSpan.FromMinutes(5);
    /// <summary>One reopening per round of the default five is already a lot; more suggests a shared link or trouble.</summary>
    public const int ManyResumes = 5;

    /// <summary>One study's participants, newest first.</summary>
    public async Task<IReadOnlyList<ParticipantRow>> RowsAsync(long study, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lastStep = await db.Steps.AsNoTracking().Where(s => s.Participant!.StudyDefinitionId == study).GroupBy(s => s.ParticipantId)
            .Select(g => new { g.Key, Last = g.Max(s => s.ServerTimeUtc) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Where(p => p.StudyDefinitionId == study)
            .Include(p => p.Rounds).ThenInclude(r => r.Conditions).Include(p => p.FinalAnswers)
            .OrderByDescending(p => p.Id).ToListAsync(ct);
        var excluded = await ExcludedParticipants.LoadAsync(db, ct);
        return all.Select(p => Row(p, lastStep.GetValueOrDefault(p.Id, p.CreatedUtc), now) with
        {
            Exclusion = excluded.GetValueOrDefault(p.Id),
            SettingsVersion = p.SettingsVersionId,
        }).ToList();
    }

    static ParticipantRow Row(Participant p, DateTime lastStep, DateTime now)
    {
        var finished = p.Rounds.Where(r => r.FinishedUtc is not null).OrderBy(r => r.Number).ToList();
        var (expo, none) = p.ExpoFirst ? (Condition.A, Condition.B) : (Condition.B, Condition.A);
        var lastActive = new[] { p.CreatedUtc, p.ConsentedUtc ?? p.CreatedUtc, p.CompletedUtc ?? p.CreatedUtc, lastStep }
            .Concat(p.Rounds.Select(r => r.AnsweredUtc ?? p.CreatedUtc)).Max();
        double? minutes = p.CompletedUtc is { } done ? (done - p.CreatedUtc).TotalMinutes : null;
        bool dropped = p.Stage != StudyStage.Complete && now - lastActive > DroppedAfter;
        int resumes = Math.Max(0, p.PageOpens - 1);
        // A simulated participant is fast and consistent by design: only people are flagged.
        var flags = p.Source == RecruitmentSource.Agent ? [] : Flags(p, minutes, resumes);

        ModelChoice? Chose(Preference? a) => a is { } x ? ParticipantRecord.Choice(p.ExpoFirst, x) : null;
        return new ParticipantRow(p.Pseudonym, p.Source, p.Stage, p.ExpoFirst, finished.Count, p.Settings.Rounds,
            finished.Select(r => StudyRecords.Steps(r, expo)).ToList(), finished.Select(r => StudyRecords.Steps(r, none)).ToList(),
            p.CreatedUtc, lastActive, minutes, Chose(p.FinalAnswers?.Useful), Chose(p.FinalAnswers?.Expectation), resumes, dropped, flags);
    }

    static List<string> Flags(Participant p, double? minutes, int resumes)
    {
        var flags = new List<string>();
        var answers = p.Rounds.SelectMany(r => new[] { r.Useful, r.Expectation }).OfType<Preference>()
            .Concat(p.FinalAnswers is { } f ? [f.Useful, f.Expectation] : []).ToArray();
        if (minutes < ImplausiblyFast.TotalMinutes) flags.Add($"finished in {minutes:0.0} minutes");
        if (p.Stage == StudyStage.Complete && answers.Length > 2 && answers.Distinct().Count() == 1)
            flags.Add($"gave the same answer ({ParticipantsCsv.Code(answers[0])}) to all {answers.Length} questions");
        if (resumes > ManyResumes) flags.Add($"reopened the study page {resumes} times");
        return flags;
    }
}
