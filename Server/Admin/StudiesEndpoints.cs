using System.Globalization;
using ExpO.Server.Models;
using ExpO.Server.Studies.Setup;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>The studies page: GET lists them with the form, POST creates one (antiforgery-checked) and makes it the chosen study.</summary>
public static class StudiesEndpoints
{
    public static RouteGroupBuilder MapStudiesPage(this RouteGroupBuilder admin)
    {
        admin.MapGet(AdminRoutes.Studies, async (HttpContext http, IAntiforgery af, StudyCreation studies, ModelCatalog models, string? created, CancellationToken ct) =>
            await PageAsync(http, af, studies, models, StudiesPage.Empty(Bundles(models)), [], created, StatusCodes.Status200OK, ct));
        admin.MapPost(AdminRoutes.Studies, async Task<Results<RedirectHttpResult, RazorComponentResult<StudiesPage>>> (
            HttpContext http, IAntiforgery af, StudyCreation studies, ModelCatalog models, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var (request, unreadable) = Read(form);
            var (saved, problems) = unreadable.Count > 0 ? (null, unreadable) : await studies.CreateAsync(request, http.User.Identity!.Name, ct);
            if (saved is null) return await PageAsync(http, af, studies, models, request, problems, null, StatusCodes.Status400BadRequest, ct);
            // Post, then redirect; the new study becomes the one the pages show.
            AdminStudy.Choose(http.Response, saved.Name);
            return TypedResults.Redirect(AdminRoutes.Studies + "?created=" + Uri.EscapeDataString(saved.Name));
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost(AdminRoutes.StudyPreview, PreviewAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return admin;
    }

    /// <summary>
    /// The study as a participant meets it, open or closed: a direct participant of the study, left out of the analysis
    /// at once (an exclusion with the researcher's name), and their page. Written before the redirect.
    /// </summary>
    static async Task<Results<RedirectHttpResult, ProblemHttpResult>> PreviewAsync(string name, HttpContext http, Study.Entry.EntryService entry,
        ParticipantExclusions exclusions, StudyData.StudyDbContext db, CancellationToken ct)
    {
        try
        {
            var entered = await entry.EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct, Study = name, ClientEntryId = Guid.NewGuid() },
                evenIfClosed: true, ct);
            var hash = Study.Keys.ParticipantKeys.TokenHash(entered.Token);
            var pseudonym = await db.Participants.Where(p => p.TokenHash == hash).Select(p => p.Pseudonym).SingleAsync(ct);
            await exclusions.DecideAsync(pseudonym, exclude: true, "a researcher's preview", http.User.Identity!.Name!, ct);
            return TypedResults.Redirect(StudyRoutes.ParticipantPage(entered.Token));
        }
        catch (Study.Steps.StudyProblemException p)
        {
            return TypedResults.Problem(statusCode: p.Status, title: p.Title, detail: p.Message);
        }
    }

    static IReadOnlyList<string> Bundles(ModelCatalog models) => [.. models.Names.Order(StringComparer.Ordinal)];

    /// <summary>The form's fields as a request; the numbers that do not read as numbers are named (nothing is guessed).</summary>
    static (NewStudy Request, List<string> Problems) Read(IFormCollection f)
    {
        var problems = new List<string>();
        string Text(string name) => f[name].ToString().Trim();
        int decimals = int.TryParse(Text("decimals"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : Bad("Decimals", 2);
        double scale = double.TryParse(Text("scale"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : Bad("Scale", 1.0);
        T Bad<T>(string label, T fallback) { problems.Add($"{label} must be a number."); return fallback; }
        var explainer = Text("explainer") switch { "lime" => StudyExplainer.Lime, "maple" => StudyExplainer.Maple, _ => (StudyExplainer)0 };
        var quantity = new StudyQuantity
        {
            Name = Text("quantity"),
            Subject = Text("subject"),
            Prefix = f["prefix"].ToString(),
            Suffix = f["suffix"].ToString(),
            Decimals = decimals,
            Scale = scale,
        };
        return (new NewStudy(Text("name"), Text("title"), Text("control"), Text("treatment"), explainer, quantity,
            [.. f["excludes"].Where(x => !string.IsNullOrEmpty(x)).Select(x => x!)], f["open"] == "true"), problems);
    }

    static async Task<RazorComponentResult<StudiesPage>> PageAsync(HttpContext http, IAntiforgery af, StudyCreation studies, ModelCatalog models,
        NewStudy form, IReadOnlyList<string> problems, string? created, int status, CancellationToken ct)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(StudiesPage.Studies)] = await studies.ListAsync(ct),
            [nameof(StudiesPage.Bundles)] = Bundles(models),
            [nameof(StudiesPage.Form)] = form,
            [nameof(StudiesPage.Problems)] = problems,
            [nameof(StudiesPage.Created)] = created,
            [nameof(StudiesPage.TokenField)] = tokens.FormFieldName,
            [nameof(StudiesPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = status };
    }
}
