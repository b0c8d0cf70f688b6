using ExpO.Server.Study.Entry;
using ExpO.Server.Study.Settings;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>
/// The risky states a researcher should act on, in words, for the top of the dashboard: Prolific recruiting with no
/// completion code, the study closed, people turned away for repeating, settings changed since the last export.
/// </summary>
public sealed class DashboardWarnings(StudyDbContext db, StudySettingsStore settings, ProlificCodeCheck prolific)
{
    public async Task<IReadOnlyList<string>> ListAsync(long study, CancellationToken ct)
    {
        var current = await settings.CurrentAsync(study, ct);
        var warnings = new List<string>();
        if (await prolific.WarningAsync(current, ct) is { } code) warnings.Add(code);
        if (!current.Open)
            warnings.Add("The study is closed: the entry link turns new people away (those who started go on). Open it on the settings page.");
        // Counted by the database: the dashboard asks every few seconds, and the rows only grow.
        var refusals = db.RepeatRefusals.Where(r => r.StudyDefinitionId == study);
        int attempts = await refusals.CountAsync(ct);
        if (attempts > 0)
        {
            int people = await refusals.Select(r => r.ExternalIdHash).Distinct().CountAsync(ct);
            warnings.Add($"{people} {(people == 1 ? "person who had taken part was" : "people who had taken part were")} turned away " +
                $"({attempts} {(attempts == 1 ? "attempt" : "attempts")}): if your platform lets them in again, exclude earlier participants there.");
        }
        var lastExport = await db.DataExports.AsNoTracking().Where(x => x.StudyDefinitionId == study).OrderByDescending(x => x.Id).Select(x => (DateTime?)x.AtUtc).FirstOrDefaultAsync(ct);
        if (lastExport is { } exported && current.CreatedUtc > exported)
            warnings.Add($"The settings changed (version {current.Id}, {AdminText.Utc(current.CreatedUtc)}) since the last download of the data " +
                $"({AdminText.Utc(exported)}): new downloads mix versions; their settings_version column tells them apart.");
        return warnings;
    }
}
