using ExpO.Server.Pages;
using ExpO.Server.Studies;
using ExpO.Server.Study.Settings;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Entry;

/// <summary>
/// The entry link (GET /) and its form (POST /), served by the server as plain HTML. A participant reads the consent
/// and presses "I agree" before any client code has loaded; the press enters (or resumes) and consents, then goes to
/// the participant's own page, /s/{token}, where the client takes over. Written before redirecting.
/// </summary>
public static class EntryPages
{
    /// <summary>Each study's entry link (<see cref="StudyRoutes.EntryPage"/>).</summary>
    const string StudyLinkPattern = "/study/{study}";

    /// <summary>Whether a path is an entry form's: the root link or a study's link.</summary>
    public static bool IsEntryPath(PathString path) => path == "/" || StudyOfPath(path) is not null;

    /// <summary>The study a /study/NAME path names (null for any other path).</summary>
    public static string? StudyOfPath(PathString path) =>
        path.StartsWithSegments("/study", out var rest) && rest.Value is ['/', .. var name] && name.Length > 0 && !name.Contains('/') ? name : null;

    public static WebApplication MapEntryPages(this WebApplication app)
    {
        // The default study answers at the root link, as the single study did; every study at /study/NAME.
        app.MapGet("/", (HttpRequest http, EntryService entry, StudySettingsStore settings, IOptions<StudyOptions> options, CancellationToken ct) =>
            ShowAsync(http, null, entry, settings, options, ct));
        app.MapGet(StudyLinkPattern, ShowAsync);
        // A plain form, not the JSON API: antiforgery would protect nothing here (no cookie, no signed-in user; a
        // forged post can only start a participant whose token it never sees).
        app.MapPost("/", (HttpRequest http, EntryService entry, StageService stages, StudySettingsStore settings, IOptions<StudyOptions> options,
            CancellationToken ct) => EnterAsync(http, null, entry, stages, settings, options, ct)).DisableAntiforgery(); // limited in Study/Limits
        app.MapPost(StudyLinkPattern, EnterAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>A new visitor gets the consent; someone who entered with this platform link before goes back to their page.</summary>
    static async Task<Results<RedirectHttpResult, RazorComponentResult<EntryPage>, RazorComponentResult<ProblemPage>>> ShowAsync(
        HttpRequest http, string? study, EntryService entry, StudySettingsStore settings, IOptions<StudyOptions> options, CancellationToken ct)
    {
        if (await FindStudyAsync(entry, study, ct) is not { } found) return NoSuchStudy();
        var current = await settings.CurrentAsync(found.Id, ct);
        var info = options.Value.PublicInfo(found, current);
        if (EntryLink.RepeatedParameter(http.Query) is { } repeated) return Page(info, StatusCodes.Status400BadRequest, message: repeated);
        var link = EntryLink.Read(http.Query) with { ClientEntryId = Guid.NewGuid(), Study = study };
        if (EntryLink.IsPreview(link)) return Page(info, StatusCodes.Status200OK, preview: true);
        try
        {
            if (link.Source != Shared.Study.RecruitmentSource.Direct && await entry.FindAsync(link, found, current, ct) is { } known)
                return ToStudy(http, known.Token, link);
        }
        catch (StudyProblemException p) { return Page(info, p.Status, message: p.Message); }
        // Closed: nothing to agree to (someone who entered before was sent to their page above).
        if (!current.Open) return Page(info, StatusCodes.Status200OK, message: EntryService.ClosedMessage);
        return Page(info, StatusCodes.Status200OK, form: link);
    }

    static async Task<Results<RedirectHttpResult, RazorComponentResult<EntryPage>, RazorComponentResult<ProblemPage>>> EnterAsync(
        HttpRequest http, string? study, EntryService entry, StageService stages, StudySettingsStore settings, IOptions<StudyOptions> options,
        CancellationToken ct)
    {
        if (await FindStudyAsync(entry, study, ct) is not { } found) return NoSuchStudy();
        var info = options.Value.PublicInfo(found, await settings.CurrentAsync(found.Id, ct));
        if (!http.HasFormContentType)
            return Page(info, StatusCodes.Status415UnsupportedMediaType, message: "The entry form is sent as a web form. Please open the study link again.");
        var fields = await http.ReadFormAsync(ct);
        if (EntryLink.RepeatedParameter(fields) is { } repeated) return Page(info, StatusCodes.Status400BadRequest, message: repeated);
        var link = EntryLink.Read(fields) with { Study = study };
        try
        {
            var entered = await entry.EnterAsync(link, ct);
            await stages.ConsentAsync(entered.Token, ct);
            return ToStudy(http, entered.Token, link);
        }
        catch (StudyProblemException p)
        {
            // Only a busy server can answer better on a second press; a refusal would only be repeated.
            bool retry = p.Type == StudyProblemTypes.Busy;
            return Page(info, p.Status, form: retry ? link : null, message: p.Message);
        }
    }

    /// <summary>The entry page for a press refused by the abuse limits: the message and the same form to press again.</summary>
    public static async Task TooManyAsync(HttpContext http, int seconds, CancellationToken ct)
    {
        var settings = http.RequestServices.GetRequiredService<StudySettingsStore>();
        var study = await http.RequestServices.GetRequiredService<EntryService>().StudyAsync(StudyOfPath(http.Request.Path), ct);
        var info = http.RequestServices.GetRequiredService<IOptions<StudyOptions>>().Value.PublicInfo(study, await settings.CurrentAsync(study.Id, ct));
        var link = EntryLink.Read(await http.Request.ReadFormAsync(ct));
        await Page(info, StatusCodes.Status429TooManyRequests, form: link,
            message: $"Many people are starting the study right now. Please wait {seconds} seconds, then press the button again.").ExecuteAsync(http);
    }

    static async Task<StudyRuntime?> FindStudyAsync(EntryService entry, string? study, CancellationToken ct)
    {
        try { return await entry.StudyAsync(study, ct); }
        catch (StudyProblemException) { return null; }
    }

    static RazorComponentResult<ProblemPage> NoSuchStudy() => new(new Dictionary<string, object?>
    {
        [nameof(ProblemPage.Status)] = StatusCodes.Status404NotFound,
        [nameof(ProblemPage.Heading)] = "Study not found",
        [nameof(ProblemPage.Detail)] = EntryService.NoSuchStudy,
    })
    { StatusCode = StatusCodes.Status404NotFound };

    static RedirectHttpResult ToStudy(HttpRequest http, string token, EntryRequest link) =>
        TypedResults.Redirect(http.PathBase + StudyRoutes.ParticipantPage(token,
            link.Source == Shared.Study.RecruitmentSource.Mturk ? link.AssignmentId : null));

    static RazorComponentResult<EntryPage> Page(StudyInfo info, int status, EntryRequest? form = null, string? message = null, bool preview = false) =>
        new(new Dictionary<string, object?>
        {
            [nameof(EntryPage.Info)] = info,
            [nameof(EntryPage.Form)] = form,
            [nameof(EntryPage.Message)] = message,
            [nameof(EntryPage.Preview)] = preview,
        })
        { StatusCode = status };
}
