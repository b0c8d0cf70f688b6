using ExpO.Server.Analysis;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>
/// Leaving a participant out of the analysis (a pilot, a test run) and taking them back. Each decision is a new row with
/// its reason, the researcher and the time; the analysis, the exports and the dashboard read the latest.
/// </summary>
public sealed class ParticipantExclusions(StudyDbContext db, Data.WriteGate writeGate, TimeProvider time)
{
    /// <summary>Records the decision; a problem in words when there is nothing to record, null when saved.</summary>
    public async Task<string?> DecideAsync(string pseudonym, bool exclude, string? reason, string researcher, CancellationToken ct)
    {
        var text = (reason ?? "").Trim();
        if (exclude && text.Length == 0) return "Say why this participant is left out (e.g. \"pilot run by the team\").";
        if (text.Length > ExclusionLimits.ReasonMaxLength) return $"The reason may be at most {ExclusionLimits.ReasonMaxLength} characters.";
        var id = await db.Participants.Where(p => p.Pseudonym == pseudonym).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        if (id is null) return $"No participant has the pseudonym \"{pseudonym}\".";
        var latest = await db.Exclusions.Where(x => x.ParticipantId == id).OrderByDescending(x => x.Id).Select(x => (bool?)x.Excluded).FirstOrDefaultAsync(ct);
        if ((latest ?? false) == exclude) return exclude ? "This participant is already left out." : "This participant is already in the analysis.";
        db.Exclusions.Add(new Exclusion
        {
            ParticipantId = id.Value,
            Excluded = exclude,
            Reason = text.Length > 0 ? text : "taken back in",
            Researcher = researcher,
            AtUtc = time.GetUtcNow().UtcDateTime,
        });
        // Through the gate like every other write, so it queues behind participants' steps instead of meeting a busy file.
        using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Every decision on this participant, oldest first.</summary>
    public async Task<IReadOnlyList<ExclusionView>> HistoryAsync(string pseudonym, CancellationToken ct) =>
        (await db.Exclusions.AsNoTracking().Where(x => x.Participant!.Pseudonym == pseudonym).OrderBy(x => x.Id).ToListAsync(ct))
        .Select(ExclusionView.Of).ToList();
}
