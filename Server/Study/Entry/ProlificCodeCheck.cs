using ExpO.Server.Study.Settings;
using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study.Entry;

/// <summary>
/// Prolific recruits while its completion code is empty: each Prolific participant then ends on a code of their own,
/// which Prolific does not know, so their work cannot be marked complete there. Said in the log at start and at each
/// such entry, on the dashboard and on the settings page.
/// </summary>
public sealed class ProlificCodeCheck(StudyDbContext db)
{
    /// <summary>The warning while Prolific is in use (any Prolific participant has entered) and the code is empty; else null.</summary>
    public async Task<string?> WarningAsync(StudySettingsView current, CancellationToken ct)
    {
        if (current.ProlificCompletionCode.Length > 0) return null;
        int prolific = await db.Participants.CountAsync(p => p.Source == RecruitmentSource.Prolific, ct);
        return prolific == 0 ? null : Warning(prolific);
    }

    public static string Warning(int participants) =>
        $"Prolific participants are arriving ({participants} so far) but no Prolific completion code is set: they end on a code " +
        "Prolific does not know. Set the code from your Prolific study on the settings page (or Study:ProlificCompletionCode).";

    /// <summary>The log line at each Prolific entry while the code is empty.</summary>
    public const string EntryWarning = "A Prolific participant entered while no Prolific completion code is set: they will end on a code " +
        "Prolific does not know. Set it on the settings page";

    /// <summary>The start-up line while the code is empty, before anyone came from Prolific (a study may not use Prolific at all).</summary>
    public const string NotSetYet = "No Prolific completion code is set. If you recruit on Prolific, set it on the settings page " +
        "(or Study:ProlificCompletionCode) before publishing the study there.";
}
