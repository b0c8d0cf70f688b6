using ExpO.Server.Analysis;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ExpO.Server.Admin;

/// <summary>The analysis page (the live study or an imported dataset, under the rule chosen there) and the datasets page.</summary>
public static class AnalysisEndpoints
{
    public static RouteGroupBuilder MapAnalysisPages(this RouteGroupBuilder admin)
    {
        admin.MapGet(AdminRoutes.Analysis, async Task<RazorComponentResult> (HttpContext http, StudyDbContext db, ImportedDatasets datasets,
            Study.Settings.StudySettingsStore settings, AdminStudy study, Explanations.ExplanationService explanations, CancellationToken ct) =>
        {
            var chosen = await study.CurrentAsync(ct);
            var (form, all, records) = await ChosenAsync(http, db, datasets, chosen.Id, ct);
            if (all is null) return NoDataset(form);
            // A wrong box: the page as typed, with the message at the field and no figures under a rule nobody chose.
            var report = form.Rule is { } rule ? StudyAnalysis.Run(records, rule) : null;
            // The agent's sweep on the study's own models and current settings, with the people's means as lines.
            string? sweep = form.Episodes is { } episodes && report is not null
                ? AgentSweepChart.Svg(chosen, explanations, (await settings.CurrentAsync(chosen.Id, ct)).Protocol, episodes, report, ct)
                : null;
            return new RazorComponentResult<AnalysisPage>(new Dictionary<string, object?>
            {
                [nameof(AnalysisPage.Report)] = report,
                [nameof(AnalysisPage.Form)] = form,
                [nameof(AnalysisPage.AgentSweep)] = sweep,
                [nameof(AnalysisPage.Datasets)] = await datasets.ListAsync(ct),
                [nameof(AnalysisPage.Versions)] = all.Select(r => r.SettingsVersion).OfType<long>().Distinct().Order().ToList(),
            })
            { StatusCode = form.Problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest };
        });

        admin.MapGet(AdminRoutes.AnalysisDownload, async Task<Results<FileContentHttpResult, ProblemHttpResult, RazorComponentResult>> (
            HttpContext http, StudyDbContext db, ImportedDatasets datasets, AnalysisDownload download, AdminStudy study, CancellationToken ct) =>
        {
            var (form, all, records) = await ChosenAsync(http, db, datasets, (await study.CurrentAsync(ct)).Id, ct);
            if (all is null) return NoDataset(form);
            if (form.Rule is not { } rule)
                return TypedResults.Problem(title: "Nothing to download", detail: string.Join(" ", form.Problems.Values), statusCode: StatusCodes.Status400BadRequest);
            return TypedResults.File(await download.ZipAsync(StudyAnalysis.Run(records, rule), form), "application/zip", AnalysisDownload.FileName(form));
        });

        admin.MapGet(AdminRoutes.Datasets, (HttpContext http, IAntiforgery af, ImportedDatasets datasets, CancellationToken ct) =>
            DatasetsAsync(http, af, datasets, null, StatusCodes.Status200OK, ct));
        admin.MapPost(AdminRoutes.Datasets, async Task<Results<RedirectHttpResult, RazorComponentResult<DatasetsPage>>> (
            HttpContext http, IAntiforgery af, ImportedDatasets datasets, [FromForm] string? name, [FromForm] string? format, IFormFile? file,
            CancellationToken ct) =>
        {
            string? problem = file is null || file.Length == 0 ? "Choose a file to import." : DatasetFiles.Parse(format) is null ? "Choose the file's format." : null;
            if (problem is null)
            {
                using var reader = new StreamReader(file!.OpenReadStream());
                problem = await datasets.ImportAsync(name ?? "", DatasetFiles.Parse(format)!.Value, await reader.ReadToEndAsync(ct), http.User.Identity!.Name!, ct);
            }
            if (problem is null) return TypedResults.Redirect($"{AdminRoutes.Datasets}?imported={Uri.EscapeDataString(name!.Trim())}");
            return await DatasetsAsync(http, af, datasets, problem, StatusCodes.Status400BadRequest, ct, name, format);
        }).WithMetadata(new RequestSizeLimitAttribute(ImportedDatasetLimits.FileMaxBytes + 64 * 1024));

        // Deleting asks first (a page of its own, so it works without scripts), then deletes on the POST.
        admin.MapGet(AdminRoutes.DatasetDelete, async Task<RazorComponentResult> (string name, HttpContext http, IAntiforgery af, ImportedDatasets datasets,
            CancellationToken ct) =>
        {
            if ((await datasets.ListAsync(ct)).FirstOrDefault(d => d.Name == name) is not { } dataset)
                return AdminEndpoints.NotFound($"No imported dataset is named \"{name}\".");
            var tokens = af.GetAndStoreTokens(http);
            return new RazorComponentResult<DeleteDatasetPage>(new Dictionary<string, object?>
            {
                [nameof(DeleteDatasetPage.Dataset)] = dataset,
                [nameof(DeleteDatasetPage.TokenField)] = tokens.FormFieldName,
                [nameof(DeleteDatasetPage.Token)] = tokens.RequestToken,
            });
        });
        admin.MapPost(AdminRoutes.DatasetDelete, async Task<Results<RedirectHttpResult, RazorComponentResult>> (string name, [FromForm] string? confirm,
            ImportedDatasets datasets, CancellationToken ct) =>
            confirm == "yes" && await datasets.DeleteAsync(name, ct)
                ? TypedResults.Redirect($"{AdminRoutes.Datasets}?deleted={Uri.EscapeDataString(name)}")
                : AdminEndpoints.NotFound($"No imported dataset is named \"{name}\"."));
        return admin;
    }

    /// <summary>
    /// The page's choices and the data they name: every participant of the live study or of an imported dataset, and
    /// those of the chosen settings version; All is null when no dataset has the name.
    /// </summary>
    static async Task<(AnalysisForm Form, IReadOnlyList<ParticipantRecord>? All, IReadOnlyList<ParticipantRecord> Records)> ChosenAsync(
        HttpContext http, StudyDbContext db, ImportedDatasets datasets, long study, CancellationToken ct)
    {
        var form = AnalysisForm.Read(http.Request.Query);
        var all = form.Dataset == ImportedDatasets.LiveName ? await StudyRecords.LoadAsync(db, study, ct) : await datasets.RecordsAsync(form.Dataset, ct);
        if (all is null) return (form, null, []);
        var (records, checkedForm) = form.Select(all);
        return (checkedForm, all, records);
    }

    static RazorComponentResult NoDataset(AnalysisForm form) => AdminEndpoints.NotFound($"No imported dataset is named \"{form.Dataset}\".");

    static async Task<RazorComponentResult<DatasetsPage>> DatasetsAsync(HttpContext http, IAntiforgery af, ImportedDatasets datasets,
        string? problem, int status, CancellationToken ct, string? name = null, string? format = null)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(DatasetsPage.Datasets)] = await datasets.ListAsync(ct),
            [nameof(DatasetsPage.Problem)] = problem,
            [nameof(DatasetsPage.Imported)] = http.Request.Query["imported"].FirstOrDefault(),
            [nameof(DatasetsPage.Deleted)] = http.Request.Query["deleted"].FirstOrDefault(),
            [nameof(DatasetsPage.Name)] = name,
            [nameof(DatasetsPage.Format)] = format,
            [nameof(DatasetsPage.TokenField)] = tokens.FormFieldName,
            [nameof(DatasetsPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = status };
    }
}
