using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ExpO.Server.Admin;

/// <summary>
/// The researchers' pages and API under /admin. Only sign-in and first-run set-up are open; everything else needs a
/// signed-in researcher (a test walks the endpoints so that no new /admin route can skip that).
/// </summary>
public static class AdminEndpoints
{
    /// <summary>The /admin routes that anyone may open: the way in.</summary>
    public static readonly IReadOnlySet<string> Open = new HashSet<string> { AdminRoutes.SignIn, AdminRoutes.Setup };

    public static WebApplication MapStudyAdmin(this WebApplication app)
    {
        app.MapGet(AdminRoutes.SignIn, SignInPageAsync);
        app.MapPost(AdminRoutes.SignIn, CheckSignInAsync).RequireRateLimiting(SignInLimit.Name);
        app.MapGet(AdminRoutes.Setup, SetupPageAsync);
        app.MapPost(AdminRoutes.Setup, SetupAsync).RequireRateLimiting(SignInLimit.Name);

        // Every other researchers' address: a signed-in researcher only (a test walks the endpoints to keep it so).
        var admin = app.MapGroup("").RequireAuthorization(AdminExtensions.ResearcherPolicy);
        admin.MapGet(AdminRoutes.Home, (HttpContext http, IAntiforgery af, StudyDashboard dashboard, CancellationToken ct) => HomeAsync(http, af, dashboard, null, ct));
        admin.MapPost(AdminRoutes.Agents, PlayAgentsAsync);
        admin.MapGet(AdminRoutes.Dashboard, DashboardFragmentAsync);
        admin.MapGet(AdminRoutes.ApiDashboard, DashboardJsonAsync);
        admin.MapGet(AdminRoutes.Participants, async (AdminStudy study, CancellationToken ct) => new RazorComponentResult<ParticipantsPage>(
            new Dictionary<string, object?> { [nameof(ParticipantsPage.StudyId)] = (await study.CurrentAsync(ct)).Id }));
        admin.MapPost(AdminRoutes.ChooseStudy, ChooseStudyAsync);
        admin.MapGet(AdminRoutes.Replay, (string id, HttpContext http, IAntiforgery af, ParticipantReplay replays, CancellationToken ct) =>
            ReplayAsync(id, http, af, replays, null, ct));
        admin.MapPost(AdminRoutes.Exclusion, DecideExclusionAsync);
        admin.MapGet(AdminRoutes.ExportFile, ExportAsync);
        // As a Delegate, so the redirect it returns is written (a bare HttpContext handler would be a RequestDelegate).
        admin.MapPost(AdminRoutes.SignOut, (Delegate)SignOutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapAnalysisPages();
        admin.MapPayments();
        admin.MapSettingsPage();
        admin.MapStudiesPage();
        // An /admin address that does not exist: the researchers' own page, with the way back.
        admin.MapFallback(AdminRoutes.Home + "/{**path}", () => NotFound("There is nothing at this address."));
        return app;
    }

    static async Task<Results<RedirectHttpResult, RazorComponentResult<AccountPage>>> SignInPageAsync(
        HttpContext http, ResearcherAccounts accounts, IAntiforgery af, CancellationToken ct) =>
        await accounts.AnyAsync(ct) ? Account(http, af, setup: false) : TypedResults.Redirect(AdminRoutes.Setup);

    static async Task<Results<RedirectHttpResult, RazorComponentResult<AccountPage>>> CheckSignInAsync(
        HttpContext http, [FromForm] string email, [FromForm] string password, ResearcherAccounts accounts, IAntiforgery af, CancellationToken ct)
    {
        if (await accounts.CheckAsync(email, password, ct) is not { } researcher)
            return Account(http, af, setup: false, "That e-mail and password do not match an account.", email, StatusCodes.Status401Unauthorized);
        await SignInAsync(http, researcher.Id, researcher.Email);
        return TypedResults.Redirect(AdminRoutes.Home);
    }

    static async Task<Results<RedirectHttpResult, RazorComponentResult<AccountPage>>> SetupPageAsync(
        HttpContext http, ResearcherAccounts accounts, IAntiforgery af, CancellationToken ct) =>
        await accounts.AnyAsync(ct) ? TypedResults.Redirect(AdminRoutes.SignIn) : Account(http, af, setup: true);

    static async Task<Results<RedirectHttpResult, RazorComponentResult<AccountPage>>> SetupAsync(
        HttpContext http, [FromForm] string email, [FromForm] string password, ResearcherAccounts accounts, IAntiforgery af, CancellationToken ct)
    {
        if (ResearcherAccounts.CheckNew(email, password) is { } problem)
            return Account(http, af, setup: true, "Not created: " + problem, email, StatusCodes.Status400BadRequest);
        // Only while no account exists: afterwards this is not a way in.
        if (await accounts.CreateFirstAsync(email, password, ct) is not { } researcher) return TypedResults.Redirect(AdminRoutes.SignIn);
        await SignInAsync(http, researcher.Id, researcher.Email);
        return TypedResults.Redirect(AdminRoutes.Home);
    }

    static async Task<RedirectHttpResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect(AdminRoutes.SignIn);
    }

    static async Task<Results<RedirectHttpResult, RazorComponentResult<AdminHomePage>>> PlayAgentsAsync(
        HttpContext http, IAntiforgery af, StudyDashboard dashboard, Agents.AgentRunner agents, AdminStudy study, [FromForm] int participants,
        [FromForm] double lambda, CancellationToken ct) =>
        agents.Start(await study.CurrentAsync(ct), participants, lambda) is { } problem ? await HomeAsync(http, af, dashboard, problem, ct) : TypedResults.Redirect(AdminRoutes.Home);

    static async Task<RazorComponentResult<DashboardView>> DashboardFragmentAsync(StudyDashboard dashboard, CancellationToken ct) =>
        new(new Dictionary<string, object?> { [nameof(DashboardView.Summary)] = await dashboard.SummaryAsync(ct) });

    static async Task<Ok<DashboardSummary>> DashboardJsonAsync(StudyDashboard dashboard, CancellationToken ct) => TypedResults.Ok(await dashboard.SummaryAsync(ct));

    static async Task<Results<RedirectHttpResult, RazorComponentResult>> DecideExclusionAsync(string id, [FromForm] bool exclude, [FromForm] string? reason,
        HttpContext http, IAntiforgery af, ParticipantReplay replays, ParticipantExclusions exclusions, CancellationToken ct) =>
        await exclusions.DecideAsync(id, exclude, reason, http.User.Identity!.Name!, ct) is { } problem
            ? await ReplayAsync(id, http, af, replays, problem, ct)
            : TypedResults.Redirect($"{AdminRoutes.Participants}/{id}");

    /// <summary>The study picker's form: remembers the choice and goes back to the page it was on (an /admin page only).</summary>
    static async Task<Results<RedirectHttpResult, ProblemHttpResult>> ChooseStudyAsync(HttpContext http, [FromForm] string study, [FromForm] string? back,
        Studies.StudyCatalog catalog, CancellationToken ct)
    {
        if (await catalog.FindAsync(study, ct) is not { } found)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such study", detail: $"There is no study named '{study}'.");
        AdminStudy.Choose(http.Response, found.Name);
        bool local = back is { Length: > 0 } && back.StartsWith(AdminRoutes.Home, StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal);
        return TypedResults.Redirect(local ? back! : AdminRoutes.Home);
    }

    static async Task<Results<EmptyHttpResult, NotFound<ProblemDetails>>> ExportAsync(string file, HttpResponse response, StudyExports exports,
        AdminStudy study, CancellationToken ct)
    {
        if (StudyExports.Find(file) is not { } kind)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No such export", Detail = $"Exports: {string.Join(", ", StudyExports.All.Select(e => e.File))}." });
        response.ContentType = kind.ContentType + "; charset=utf-8";
        var chosen = await study.CurrentAsync(ct);
        // Another study's name is in its file names, so downloads of two studies cannot be mixed up.
        response.Headers.ContentDisposition = $"attachment; filename=\"expo-{(chosen.IsDefault ? "" : chosen.Name + "-")}{kind.File}\"";
        await exports.WriteAsync(chosen.Id, kind, response.Body, response.HttpContext.User.Identity!.Name!, ct); // streamed: the body is the file
        return TypedResults.Empty;
    }

    static async Task<RazorComponentResult> ReplayAsync(string id, HttpContext http, IAntiforgery af, ParticipantReplay replays, string? problem,
        CancellationToken ct)
    {
        if (await replays.FindAsync(id, ct) is not { } view) return NotFound($"No participant has the pseudonym \"{id}\".");
        var tokens = af.GetAndStoreTokens(http);
        return new RazorComponentResult<ReplayPage>(new Dictionary<string, object?>
        {
            [nameof(ReplayPage.View)] = view,
            [nameof(ReplayPage.Problem)] = problem,
            [nameof(ReplayPage.TokenField)] = tokens.FormFieldName,
            [nameof(ReplayPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    /// <summary>The researchers' not-found page, saying what was not found.</summary>
    internal static RazorComponentResult<Pages.ProblemPage> NotFound(string detail) => new(new Dictionary<string, object?>
    {
        [nameof(Pages.ProblemPage.Status)] = StatusCodes.Status404NotFound,
        [nameof(Pages.ProblemPage.Heading)] = "Not found",
        [nameof(Pages.ProblemPage.Detail)] = detail,
        [nameof(Pages.ProblemPage.Researchers)] = true,
    })
    { StatusCode = StatusCodes.Status404NotFound };

    static async Task<RazorComponentResult<AdminHomePage>> HomeAsync(HttpContext http, IAntiforgery af, StudyDashboard dashboard, string? agentProblem,
        CancellationToken ct)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(AdminHomePage.TokenField)] = tokens.FormFieldName,
            [nameof(AdminHomePage.Token)] = tokens.RequestToken,
            [nameof(AdminHomePage.Summary)] = await dashboard.SummaryAsync(ct),
            [nameof(AdminHomePage.AgentProblem)] = agentProblem,
        })
        { StatusCode = agentProblem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
    }

    /// <summary>The sign-in or set-up page, with a message and the form's e-mail when it comes back.</summary>
    internal static RazorComponentResult<AccountPage> Account(HttpContext http, IAntiforgery af, bool setup, string? message = null, string? email = null, int status = 200)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(AccountPage.Setup)] = setup,
            [nameof(AccountPage.Message)] = message,
            [nameof(AccountPage.Email)] = email,
            [nameof(AccountPage.TokenField)] = tokens.FormFieldName,
            [nameof(AccountPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = status };
    }

    static Task SignInAsync(HttpContext http, long id, string email) => http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
        new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, email), new Claim(AdminClaims.Researcher, "true")],
            CookieAuthenticationDefaults.AuthenticationScheme)));
}
