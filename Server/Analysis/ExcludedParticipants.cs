using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Analysis;

/// <summary>A researcher's decision on one participant: left out (or taken back), why, by whom, when.</summary>
public sealed record ExclusionView(bool Excluded, string Reason, string Researcher, DateTime AtUtc)
{
    /// <summary>The stored row as the pages and exports show it (SQLite hands times back without their zone: UTC).</summary>
    public static ExclusionView Of(StudyData.Entities.Exclusion x) =>
        new(x.Excluded, x.Reason, x.Researcher, DateTime.SpecifyKind(x.AtUtc, DateTimeKind.Utc));
}

/// <summary>The exclusions in force: each participant's latest decision, where it leaves them out.</summary>
public static class ExcludedParticipants
{
    /// <summary>By participant row id; a handful of rows in any study, so read whole and folded here.</summary>
    public static async Task<IReadOnlyDictionary<long, ExclusionView>> LoadAsync(StudyDbContext db, CancellationToken ct)
    {
        var all = await db.Exclusions.AsNoTracking().OrderBy(x => x.Id).ToListAsync(ct);
        return all.GroupBy(x => x.ParticipantId).Select(g => g.Last()).Where(x => x.Excluded)
            .ToDictionary(x => x.ParticipantId, ExclusionView.Of);
    }
}
