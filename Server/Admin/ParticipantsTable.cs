using ExpO.Migrations;
using ExpO.Server.Analysis;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>One line of the participants table.</summary>
public sealed record ParticipantRow(string Id, string Source, string Stage, bool ExpoFirst, string StepsA, string StepsB, DateTime Started);

/// <summary>The participants table: one row each, newest first, read without tracking.</summary>
public sealed class ParticipantsTable(StudyDbContext db)
{
    public async Task<IReadOnlyList<ParticipantRow>> RowsAsync(CancellationToken ct)
    {
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Include(p => p.Rounds).ThenInclude(r => r.Conditions)
            .OrderByDescending(p => p.Id).ToListAsync(ct);
        string Steps(Migrations.Entities.Participant p, Condition side) =>
            ListCell.Format(p.Rounds.OrderBy(r => r.Number).Where(r => r.FinishedUtc is not null).Select(r => StudyRecords.Steps(r, side)));
        return all.Select(p => new ParticipantRow(StudyRecords.Pseudonym(p.TokenHash), p.Source.ToString().ToLowerInvariant(), p.Stage.ToString(),
            p.ExpoFirst, Steps(p, Condition.A), Steps(p, Condition.B), p.CreatedUtc)).ToList();
    }
}
