using ExpO.Server.Startup;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ExpO.Server.Admin;

/// <summary>The researchers' side: cookie sign-in, the researcher policy, the sign-in rate limit, the first account.</summary>
public static class AdminExtensions
{
    public const string ResearcherPolicy = "researcher";

    public static WebApplicationBuilder AddStudyAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddCheckedOptions<AdminOptions, AdminOptionsValidator>(AdminOptions.Section);
        // Sign-in cookies and antiforgery tokens outlive a restart or a new container, and every instance reads the
        // others': on SQLite their keys sit in the participant key's folder (Study:KeyPath), on PostgreSQL in the database.
        builder.Services.AddDataProtection().SetApplicationName("ExpO Study");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<Study.Settings.StudyOptions>, IOptions<Data.DatabaseOptions>, IWebHostEnvironment, IServiceProvider, ILoggerFactory>(
            (keys, study, database, environment, services, logs) => keys.XmlRepository = database.Value.Provider == Data.DatabaseProvider.PostgreSQL
                ? new EntityFrameworkCoreXmlRepository<StudyData.StudyDbContext>(services, logs)
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(study.Value.KeyFullPath(environment.ContentRootPath))!, "data-protection")), logs));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AdminStudy>();
        builder.Services.AddScoped<Studies.Setup.StudyCreation>();
        builder.Services.AddScoped<ResearcherAccounts>();
        builder.Services.AddScoped<StudyExports>();
        builder.Services.AddScoped<StudyDashboard>();
        builder.Services.AddScoped<DashboardWarnings>();
        builder.Services.AddScoped<ParticipantExclusions>();
        builder.Services.AddScoped<PaymentReview>();
        builder.Services.AddScoped<AnalysisDownload>();
        builder.Services.AddScoped<ParticipantsTable>();
        builder.Services.AddScoped<ParticipantReplay>();
        builder.Services.AddScoped<Analysis.ImportedDatasets>();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<Agents.AgentRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Agents.AgentRunner>());
        builder.Services.AddHttpClient(Agents.AgentRunner.HttpClientName, (sp, http) =>
        {
            http.Timeout = TimeSpan.FromSeconds(60);
            // The researchers' own run goes flat out, past the study's per-address limits.
            http.DefaultRequestHeaders.Add(Study.Limits.LimitExemption.Header, sp.GetRequiredService<Study.Limits.LimitExemption>().Secret);
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "expo-admin";
            // "/", not "/admin": the researchers' interactive tables talk to the server over /_blazor, which needs it
            // (UseStudyAdmin lets no one else in there; participant endpoints never read it).
            o.Cookie.Path = "/";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = AdminRoutes.SignIn;
            o.AccessDeniedPath = AdminRoutes.SignIn;
            // The admin API answers 401/403 to scripts instead of redirecting them to a page.
            o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ResearcherPolicy, p => p.RequireAuthenticatedUser().RequireClaim(AdminClaims.Researcher));
        // Its own refusal (the sign-in page again); the study's limits keep theirs (Study/StudyLimits.cs).
        builder.Services.AddRateLimiter(o => o.AddPolicy<string, SignInLimit>(SignInLimit.Name));
        return builder;
    }

    static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments(AdminRoutes.Api)) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Creates the configured first account (Admin:Email, Admin:Password) while the study has none.</summary>
    public static async Task CreateFirstResearcherAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        // Empty counts as not set, as the validator reads it (an `Admin__Email=` line in an env file).
        if (string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrEmpty(options.Password)) return;
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ResearcherAccounts>().CreateFirstAsync(options.Email, options.Password, app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UseStudyAdmin(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // /_blazor carries only the researchers' interactive components (participants run WebAssembly and never
        // open a circuit), so only a signed-in researcher may connect.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/_blazor"), circuit => circuit.Use(async (context, next) =>
        {
            if (context.User.HasClaim(c => c.Type == AdminClaims.Researcher)) await next();
            else context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }));
        return app;
    }
}

/// <summary>The claim a signed-in researcher carries (participants never have one: their token is not a sign-in).</summary>
public static class AdminClaims
{
    public const string Researcher = "expo:researcher";
}

/// <summary>The researchers' addresses.</summary>
public static class AdminRoutes
{
    public const string Home = "/admin";
    public const string SignIn = "/admin/sign-in";
    public const string SignOut = "/admin/sign-out";
    public const string Setup = "/admin/setup";
    public const string Api = "/admin/api";
    public const string Export = Api + "/export";
    public const string ExportFile = Export + "/{file}";
    public const string ApiDashboard = Api + "/dashboard";
    public const string ApiPayments = Api + "/payments";
    public const string Dashboard = Home + "/dashboard";
    public const string Participants = Home + "/participants";
    public const string Replay = Participants + "/{id}";
    public const string Exclusion = Replay + "/exclusion";
    public const string Analysis = Home + "/analysis";
    public const string AnalysisDownload = Analysis + "/download";
    public const string Settings = Home + "/settings";
    public const string Datasets = Home + "/datasets";
    public const string DatasetDelete = Datasets + "/{name}/delete";
    public const string Agents = Home + "/agents";
    public const string Payments = Home + "/payments";
    public const string ChooseStudy = Home + "/study";
    public const string Studies = Home + "/studies";
    public const string StudyPreview = Studies + "/{name}/preview";
    public static string PreviewOf(string name) => $"{Studies}/{Uri.EscapeDataString(name)}/preview";
}
