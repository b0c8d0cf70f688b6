using ExpO.Migrations;
using ExpO.Migrations.Entities;
using ExpO.Server.Analysis;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ExpO.Server.Admin;

/// <summary>The analysis page (the live study or an imported dataset, under the rule chosen there) and the datasets page.</summary>
public static class AnalysisEndpoints
{
    public static RouteGroupBuilder MapAnalysisPages(this RouteGroupBuilder admin)
    {
        admin.MapGet("/analysis", async Task<RazorComponentResult> (int? threshold, double? percentile, bool? simulated, bool? log, string? dataset,
            int? agentEpisodes, StudyDbContext db, ImportedDatasets datasets, Study.StudySettingsStore settings, Models.ModelCatalog models,
            CancellationToken ct) =>
        {
            // The page's form: a percentile replaces the threshold; an empty or impossible value falls back to the published rule.
            var rule = percentile is > 0 and <= 100 ? new OutlierRule(StepThreshold: null, Percentile: percentile, IncludeSimulated: simulated == true)
                : new OutlierRule(StepThreshold: threshold is > 0 ? threshold : OutlierRule.PublishedThreshold, IncludeSimulated: simulated == true);
            var name = string.IsNullOrEmpty(dataset) ? ImportedDatasets.LiveName : dataset;
            var records = name == ImportedDatasets.LiveName ? await StudyRecords.LoadAsync(db, ct) : await datasets.RecordsAsync(name, ct);
            if (records is null) return new RazorComponentResult<Pages.NotFoundPage> { StatusCode = StatusCodes.Status404NotFound };
            var report = StudyAnalysis.Run(records, rule);
            // The agent's sweep on the study's own models and current settings, with the people's means as lines.
            string? sweep = agentEpisodes is { } episodes
                ? AgentSweepChart.Svg(models, (await settings.CurrentAsync(ct)).Protocol, Math.Clamp(episodes, 20, AgentSweepChart.MaxEpisodes), report, ct)
                : null;
            return new RazorComponentResult<AnalysisPage>(new Dictionary<string, object?>
            {
                [nameof(AnalysisPage.Report)] = report, [nameof(AnalysisPage.Rule)] = rule, [nameof(AnalysisPage.AgentSweep)] = sweep,
                [nameof(AnalysisPage.Log)] = log == true, [nameof(AnalysisPage.Dataset)] = name,
                [nameof(AnalysisPage.Datasets)] = await datasets.ListAsync(ct),
            });
        });

        admin.MapGet("/datasets", (HttpContext http, IAntiforgery af, ImportedDatasets datasets, CancellationToken ct) =>
            DatasetsAsync(http, af, datasets, null, StatusCodes.Status200OK, ct));
        admin.MapPost("/datasets", async Task<Results<RedirectHttpResult, RazorComponentResult<DatasetsPage>>> (
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
            return await DatasetsAsync(http, af, datasets, problem, StatusCodes.Status400BadRequest, ct);
        }).WithMetadata(new RequestSizeLimitAttribute(ImportedDatasetLimits.FileMaxBytes + 64 * 1024));
        return admin;
    }

    static async Task<RazorComponentResult<DatasetsPage>> DatasetsAsync(HttpContext http, IAntiforgery af, ImportedDatasets datasets,
        string? problem, int status, CancellationToken ct)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(DatasetsPage.Datasets)] = await datasets.ListAsync(ct), [nameof(DatasetsPage.Problem)] = problem,
            [nameof(DatasetsPage.Imported)] = http.Request.Query["imported"].FirstOrDefault(),
            [nameof(DatasetsPage.TokenField)] = tokens.FormFieldName, [nameof(DatasetsPage.Token)] = tokens.RequestToken,
        }) { StatusCode = status };
    }
}
