using ExpO.Server.Study.Settings;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ExpO.Server.Admin;

/// <summary>The settings page: GET shows the current version, POST saves a new one (antiforgery-checked, as every form binding is).</summary>
public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsPage(this RouteGroupBuilder admin)
    {
        admin.MapGet(AdminRoutes.Settings, async (HttpContext http, IAntiforgery af, StudySettingsStore settings, AdminStudy study, bool? saved, CancellationToken ct) =>
        {
            var id = (await study.CurrentAsync(ct)).Id;
            var current = await settings.CurrentAsync(id, ct);
            return await PageAsync(http, af, settings, id, SettingsPage.FormOf(current), [], saved == true, StatusCodes.Status200OK, ct);
        });
        admin.MapPost(AdminRoutes.Settings, async Task<Results<RedirectHttpResult, RazorComponentResult<SettingsPage>>> (
            HttpContext http, IAntiforgery af, StudySettingsStore settings, AdminStudy study, [FromForm] SettingsForm form, CancellationToken ct) =>
        {
            var id = (await study.CurrentAsync(ct)).Id;
            var change = form.ToChange(out var unreadable);
            var (saved, problems) = unreadable.Count > 0 ? (null, unreadable) : await settings.SaveAsync(id, change, http.User.Identity!.Name!, ct);
            // Post, then redirect: a reload of the answer does not save the version twice.
            if (saved is not null) return TypedResults.Redirect(AdminRoutes.Settings + "?saved=true");
            return await PageAsync(http, af, settings, id, change, problems, false, StatusCodes.Status400BadRequest, ct);
        });
        return admin;
    }

    static async Task<RazorComponentResult<SettingsPage>> PageAsync(HttpContext http, IAntiforgery af, StudySettingsStore settings, long study,
        SettingsChange form, IReadOnlyList<string> problems, bool saved, int status, CancellationToken ct)
    {
        var tokens = af.GetAndStoreTokens(http);
        var current = await settings.CurrentAsync(study, ct);
        var prolific = await http.RequestServices.GetRequiredService<Study.Entry.ProlificCodeCheck>().WarningAsync(current, ct);
        return new(new Dictionary<string, object?>
        {
            [nameof(SettingsPage.Current)] = current,
            [nameof(SettingsPage.Form)] = form,
            [nameof(SettingsPage.Warning)] = prolific,
            [nameof(SettingsPage.History)] = await settings.HistoryAsync(study, ct),
            [nameof(SettingsPage.Problems)] = problems,
            [nameof(SettingsPage.Saved)] = saved,
            [nameof(SettingsPage.TokenField)] = tokens.FormFieldName,
            [nameof(SettingsPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = status };
    }
}

/// <summary>The settings form as posted: text fields, read here so a malformed number is named rather than a bare 400.</summary>
public sealed class SettingsForm
{
    public string? Rounds { get; set; }
    public string? TargetOffset { get; set; }
    public string? Tolerance { get; set; }
    public string? StepSize { get; set; }
    public string? ConsentText { get; set; }
    public string? ProlificCompletionCode { get; set; }
    public bool Open { get; set; }
    public bool AllowRepeat { get; set; }

    public SettingsChange ToChange(out List<string> unreadable)
    {
        var problems = new List<string>();
        int rounds = int.TryParse(Rounds, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : Bad(nameof(Rounds), 0);
        double offset = Number(TargetOffset, nameof(TargetOffset)), tolerance = Number(Tolerance, nameof(Tolerance)), step = Number(StepSize, nameof(StepSize));
        unreadable = problems;
        // A code pasted from Prolific's page often brings a space along.
        return new SettingsChange(rounds, offset, tolerance, step, ConsentText ?? "", (ProlificCompletionCode ?? "").Trim(), Open, AllowRepeat);

        double Number(string? text, string name) =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : Bad(name, double.NaN);
        T Bad<T>(string name, T value) { problems.Add($"{StudySettingsRules.PageLabel(name)} must be a number."); return value; }
    }
}
