using ExpO.Server.Studies;

namespace ExpO.Server.Admin;

/// <summary>
/// The study the researchers' pages show, chosen with the study picker in the app bar and kept in a cookie; the
/// default study (the paper's housing study) until one is chosen, or when the chosen one is no longer there.
/// </summary>
public sealed class AdminStudy(IHttpContextAccessor http, StudyCatalog catalog)
{
    /// <summary>The cookie that holds the chosen study's name (not a secret: every researcher may see every study).</summary>
    public const string Cookie = "expo-admin-study";

    StudyRuntime? _current;

    public async Task<StudyRuntime> CurrentAsync(CancellationToken ct) =>
        _current ??= await FindAsync(http.HttpContext?.Request.Cookies[Cookie], ct);

    async Task<StudyRuntime> FindAsync(string? name, CancellationToken ct)
    {
        try { return await catalog.FindAsync(name, ct) ?? catalog.Default; }
        // A study whose bundles are gone from the folder cannot be shown; the app bar then names the default study.
        catch (StudyUnavailableException) { return catalog.Default; }
    }

    /// <summary>Remembers a choice for the next pages (the picker's form posts here, then returns to the page it was on).</summary>
    public static void Choose(HttpResponse response, string name) => response.Cookies.Append(Cookie, name, new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = response.HttpContext.Request.IsHttps,
        Path = AdminRoutes.Home,
        MaxAge = TimeSpan.FromDays(365),
    });
}
