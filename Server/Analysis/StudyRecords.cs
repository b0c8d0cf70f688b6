using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Analysis;

/// <summary>The study database's finished participants as analysis records, read without tracking.</summary>
public static class StudyRecords
{
    /// <summary>The steps one side of a round took (its condition's count).</summary>
    public static int Steps(StudyData.Entities.Round round, Condition side) => round.Conditions.Single(c => c.Slot == side).Steps;

    /// <summary>One study's finished participants.</summary>
    public static async Task<IReadOnlyList<ParticipantRecord>> LoadAsync(StudyDbContext db, long study, CancellationToken ct)
    {
        var finished = await db.Participants.AsNoTracking().AsSplitQuery()
            .Where(p => p.StudyDefinitionId == study && p.Stage == StudyStage.Complete)
            .Include(p => p.Rounds).ThenInclude(r => r.Conditions)
            .Include(p => p.FinalAnswers)
            .OrderBy(p => p.Id)
            .ToListAsync(ct);
        var excluded = await ExcludedParticipants.LoadAsync(db, ct);
        return finished.Select(p =>
        {
            var rounds = p.Rounds.OrderBy(r => r.Number).ToList();
            var final = p.FinalAnswers!;
            return new ParticipantRecord(
                p.Pseudonym, p.ExpoFirst,
                rounds.Select(r => Steps(r, Condition.A)).ToArray(), rounds.Select(r => Steps(r, Condition.B)).ToArray(),
                final.Useful, final.Expectation,
                rounds.Select(r => Answered(p, r, r.Useful)).ToArray(), rounds.Select(r => Answered(p, r, r.Expectation)).ToArray(),
                final.UsefulWhy, final.ExpectationWhy, final.Comments ?? "",
                Simulated: p.Source == RecruitmentSource.Agent)
            {
                ExcludedBecause = excluded.GetValueOrDefault(p.Id)?.Reason,
                SettingsVersion = p.SettingsVersionId,
            };
        }).ToList();
    }

    // A finished participant answered every round (StageService lets no one finish otherwise); a gap is a damaged file.
    static Preference Answered(StudyData.Entities.Participant p, StudyData.Entities.Round r, Preference? answer) =>
        answer ?? throw new InvalidDataException($"Participant {p.Pseudonym} finished without answering round {r.Number}.");
}
