using System.Text.Json;
using ExpO.Server.Study.Settings;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// The study page's first data (<see cref="StudyPageData"/>), read through the same services as the API and written
/// into the page, so the client shows the participant's stage without first asking for it (about 0.15 s of
/// a reload, more on a slow link). An unknown link gets none, and the client's own request says so.
/// </summary>
public sealed class StudyPageLoader(ParticipantStore store, PracticeService practice, StudySettingsStore settings, IOptions<StudyOptions> options,
    StudyViews views)
{
    /// <summary>The data as the API's JSON and the study's title, or (null, null) when this token is no participant's.</summary>
    public async Task<(string? Json, string? Title)> LoadAsync(string token, CancellationToken ct)
    {
        try
        {
            var state = await store.StateAsync(token, ct);
            var info = await InfoAsync(token, ct);
            var board = state.Stage == StudyStage.Instructions ? await practice.PracticeAsync(token, new PracticeRequest(null, 0, null), ct) : null;
            return (JsonSerializer.Serialize(new StudyPageData(info, state, board), StudyJsonContext.Default.StudyPageData), info.Title);
        }
        catch (StudyProblemException) { return (null, null); }
    }

    /// <summary>The public facts of the study this participant takes part in, under its current settings.</summary>
    public async Task<StudyInfo> InfoAsync(string token, CancellationToken ct)
    {
        var study = views.StudyOf(await store.LoadAsync(ParticipantStore.TokenHashOf(token), ct));
        return options.Value.PublicInfo(study, await settings.CurrentAsync(study.Id, ct));
    }
}
