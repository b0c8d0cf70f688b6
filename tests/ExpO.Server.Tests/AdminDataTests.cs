using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExpO.Server.Admin;
using ExpO.Server.Hosting;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>Issue 21: excluding pilot participants, the protocol in the exports, and the dashboard's warnings.</summary>
public sealed partial class AdminTests
{
    async Task<List<SimulatedParticipant>> FinishedAsync(int count)
    {
        var api = new StudyApiClient(_server.CreateClient(), 1);
        var all = new List<SimulatedParticipant>();
        for (int seed = 1; seed <= count; seed++)
        {
            var p = new SimulatedParticipant(api, new ClosestChangePolicy(), seed);
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
            all.Add(p);
        }
        return all;
    }

    static Dictionary<string, string>[] Csv(string body)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        using var csv = new CsvHelper.CsvReader(new StringReader(string.Join('\n', lines)), System.Globalization.CultureInfo.InvariantCulture);
        csv.Read(); csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!));
        return rows.ToArray();
    }

    [Fact]
    public async Task A_researcher_excludes_a_pilot_participant_with_a_reason_and_the_analysis_exports_and_dashboard_honour_it_until_undone()
    {
        await FinishedAsync(3);
        await using var db = _server.Db();
        var pilot = await db.Participants.Include(p => p.FinalAnswers).OrderBy(p => p.Id).FirstAsync();
        var browser = Browser();
        await SignInAsync(browser);
        string replay = $"{AdminRoutes.Participants}/{pilot.Pseudonym}", action = $"{replay}/exclusion";

        // Without a reason nothing is recorded and the page says why.
        var noReason = await SubmitAsync(browser, replay, action, new() { ["exclude"] = "true", ["reason"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("data-testid=\"exclusion-problem\"", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(0, await db.Exclusions.CountAsync());

        var excluded = await SubmitAsync(browser, replay, action, new() { ["exclude"] = "true", ["reason"] = "pilot run by the team" });
        Assert.Equal(HttpStatusCode.Redirect, excluded.StatusCode);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(replay));
        Assert.Contains($"Left out of the analysis by {Email}", page);
        Assert.Contains("pilot run by the team", page);

        // No outlier rule: the server draws fresh LIME seeds, and a rare long round must not be what drops someone here.
        const string NoOutlierRule = AdminRoutes.Analysis + "?threshold=&percentile=";
        var analysis = WebUtility.HtmlDecode(await browser.GetStringAsync(NoOutlierRule));
        Assert.Contains("2 of 3 participants kept.", analysis);
        Assert.Contains($"{pilot.Pseudonym}</code>: left out by a researcher: pilot run by the team", analysis);

        var rows = Csv(await browser.GetStringAsync($"{AdminRoutes.Export}/participants.csv"));
        var row = rows.Single(r => r["participant"] == pilot.Pseudonym);
        Assert.Equal(("true", "pilot run by the team", Email), (row["excluded"], row["exclusion_reason"], row["excluded_by"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$", row["excluded_utc"]);
        Assert.All(rows.Where(r => r["participant"] != pilot.Pseudonym), r => Assert.Equal("false", r["excluded"]));
        var published = await browser.GetStringAsync($"{AdminRoutes.Export}/published.txt");
        Assert.Equal(1 + 2, published.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var dashboard = JsonNode.Parse(await browser.GetStringAsync("/admin/api/dashboard"))!;
        Assert.Equal((1, 2), ((int)dashboard["humans"]!["excluded"]!, (int)dashboard["humans"]!["started"]!));

        // Taken back: counted again, and both decisions kept with who made them.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(browser, replay, action, new() { ["exclude"] = "false", ["reason"] = "" })).StatusCode);
        Assert.Contains("3 of 3 participants kept.", await browser.GetStringAsync(NoOutlierRule));
        var history = await db.Exclusions.OrderBy(x => x.Id).Select(x => new { x.Excluded, x.Researcher }).ToListAsync();
        Assert.Equal([(true, Email), (false, Email)], history.Select(h => (h.Excluded, h.Researcher)));
        Assert.Contains("data-testid=\"exclusion-history\"", await browser.GetStringAsync(replay));
    }

    [Fact]
    public async Task The_replay_shows_the_final_answers_and_the_device_and_an_unknown_id_gets_the_admins_not_found_page()
    {
        await FinishedAsync(1);
        await using var db = _server.Db();
        var p = await db.Participants.Include(x => x.FinalAnswers).SingleAsync();
        var browser = Browser();
        await SignInAsync(browser);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"{AdminRoutes.Participants}/{p.Pseudonym}"));
        Assert.Contains(p.FinalAnswers!.UsefulWhy, page);
        Assert.Contains(p.FinalAnswers.ExpectationWhy, page);
        Assert.Contains("data-testid=\"device\"", page);

        var missing = await browser.GetAsync($"{AdminRoutes.Participants}/0123456789ab");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"problem-home\"", html); // the way back to the researchers' pages
        Assert.DoesNotContain("take part", html);
    }

    [Fact]
    public async Task Every_export_carries_the_protocol_each_participant_played_and_times_with_their_zone()
    {
        await FinishedAsync(1);
        var browser = Browser();
        await SignInAsync(browser);
        await using var db = _server.Db();
        var p = await db.Participants.SingleAsync();
        var row = Csv(await browser.GetStringAsync($"{AdminRoutes.Export}/participants.csv")).Single();
        Assert.Equal($"{p.SettingsVersionId}", row["settings_version"]);
        Assert.Equal(($"{p.Settings.Rounds}", p.Settings.TargetOffset, p.Settings.Tolerance, p.Settings.StepSize),
            (row["rounds_setting"], double.Parse(row["target_change"], System.Globalization.CultureInfo.InvariantCulture),
             double.Parse(row["tolerance"], System.Globalization.CultureInfo.InvariantCulture), double.Parse(row["step_size"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("0", row["resumes"]);
        foreach (var time in new[] { "created_utc", "consented_utc", "completed_utc" }) Assert.EndsWith("Z", row[time]);
        var steps = Csv(await browser.GetStringAsync($"{AdminRoutes.Export}/steps.csv"));
        Assert.All(steps, s => Assert.Equal($"{p.SettingsVersionId}", s["settings_version"]));
        Assert.All(steps, s => Assert.EndsWith("Z", s["server_time_utc"]));
        var answers = JsonNode.Parse(await browser.GetStringAsync($"{AdminRoutes.Export}/answers.json"))!.AsArray();
        Assert.All(answers, a => Assert.EndsWith("Z", (string)a!["answered_utc"]!));
    }

    [Fact]
    public async Task The_dashboard_warns_when_the_study_is_closed_people_are_turned_away_and_settings_changed_since_the_last_download()
    {
        var browser = Browser();
        await SignInAsync(browser);
        async Task<string[]> Warnings() => JsonNode.Parse(await browser.GetStringAsync("/admin/api/dashboard"))!["warnings"]!.AsArray()
            .Select(w => (string)w!).ToArray();
        Assert.Empty(await Warnings());

        var api = new StudyApiClient(_server.CreateClient(), 1);
        await api.EnterAsync(new EntryRequest { Source = RecruitmentSource.Mturk, WorkerId = "W-1", AssignmentId = "A-1", HitId = "H", TurkSubmitTo = StudyServerFactory.TestTurkHost });
        for (int i = 2; i <= 3; i++)
        {
            var refused = await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(new EntryRequest
            { Source = RecruitmentSource.Mturk, WorkerId = "W-1", AssignmentId = $"A-{i}", HitId = "H", TurkSubmitTo = StudyServerFactory.TestTurkHost }));
            Assert.Equal(StudyProblemTypes.AlreadyParticipated, refused.ProblemType);
        }
        Assert.Contains(await Warnings(), w => w.StartsWith("1 person who had taken part was turned away (2 attempts)", StringComparison.Ordinal));

        await browser.GetStringAsync($"{AdminRoutes.Export}/participants.csv");
        await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, new()
        {
            ["rounds"] = "5",
            ["targetOffset"] = "1",
            ["tolerance"] = "0.1",
            ["stepSize"] = "1",
            ["consentText"] = "Consent.",
            ["prolificCompletionCode"] = "",
        }); // "open" unticked: closed
        var warnings = await Warnings();
        Assert.Contains(warnings, w => w.StartsWith("The study is closed", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("since the last download of the data", StringComparison.Ordinal));
        Assert.Equal(warnings.Length, Regex.Count(await browser.GetStringAsync(AdminRoutes.Home), "data-testid=\"dashboard-warning\""));
    }
}

/// <summary>The analysis of one settings version: the page's choice and analyze's --settings-version.</summary>
public sealed class SettingsVersionAnalysisTests : ServerTest
{
    [Fact]
    public async Task The_analysis_page_and_analyze_take_only_the_participants_of_a_chosen_settings_version()
    {
        var api = Api();
        for (int seed = 1; seed <= 3; seed++)
        {
            var p = new SimulatedParticipant(api, new ClosestChangePolicy(), seed);
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
        }
        await using var db = Server.Db();
        // The first two entered under version 1; the third under a later version 2 (as after a save on the settings page).
        long first = await db.SettingsVersions.MinAsync(v => v.Id);
        var later = new StudyData.Entities.SettingsVersion
        {
            Protocol = new StudySettings(),
            ConsentText = "x",
            Open = true,
            Origin = StudyData.Entities.SettingsOrigin.SettingsPage,
            SavedBy = "t",
            CreatedUtc = DateTime.UtcNow,
        };
        db.SettingsVersions.Add(later);
        await db.SaveChangesAsync();
        long lastId = await db.Participants.MaxAsync(p => p.Id);
        await db.Participants.Where(p => p.Id == lastId).ExecuteUpdateAsync(u => u.SetProperty(p => p.SettingsVersionId, later.Id));

        var page = new[] { first, later.Id }.Select(v => ExpO.Server.Admin.AnalysisForm.Read(new Microsoft.AspNetCore.Http.QueryCollection(
            new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        var records = await ExpO.Server.Analysis.StudyRecords.LoadAsync(db, StudyData.Entities.StudyDefinition.DefaultId, default);
        Assert.Equal([2, 1], page.Select(f => f.Select(records).Records.Count));
        var nobody = ExpO.Server.Admin.AnalysisForm.Read(new Microsoft.AspNetCore.Http.QueryCollection(
            new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["version"] = "99" })).Select(records).Form;
        Assert.Null(nobody.Rule);
        Assert.Contains("version 99", nobody.Problems["version"]);

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={Server.DatabasePath}", "--settings-version", $"{later.Id}", "--json"], stdout, stderr));
        Assert.Equal(1, (int)JsonNode.Parse(stdout.ToString())!["participants_total"]!);
        Assert.Equal(1, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={Server.DatabasePath}", "--settings-version", "99"], new StringWriter(), stderr));
        Assert.Contains("settings version 99", stderr.ToString());
    }
}

/// <summary>The analysis downloaded: named by its data, version and rule, holding the report and its figures.</summary>
public sealed class AnalysisDownloadTests : ServerTest
{
    [Fact]
    public async Task The_analysis_downloads_as_json_markdown_and_svg_named_with_its_data_version_and_rule()
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            var p = new SimulatedParticipant(Api(), new ClosestChangePolicy(), seed);
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
        }
        using var scope = Server.Services.CreateScope();
        await using var db = Server.Db();
        var form = ExpO.Server.Admin.AnalysisForm.Read(new Microsoft.AspNetCore.Http.QueryCollection(
            new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["threshold"] = "120", ["percentile"] = "" }));
        var report = ExpO.Server.Analysis.StudyAnalysis.Run(await ExpO.Server.Analysis.StudyRecords.LoadAsync(db, StudyData.Entities.StudyDefinition.DefaultId, default), form.Rule!);
        Assert.Equal("expo-analysis-live-all-versions-threshold-120.zip", ExpO.Server.Admin.AnalysisDownload.FileName(form));

        var zip = await scope.ServiceProvider.GetRequiredService<ExpO.Server.Admin.AnalysisDownload>().ZipAsync(report, form);
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        Assert.Equal(["by-round.svg", "histogram.svg", "preference-bars.svg", "report.json", "report.md"], archive.Entries.Select(e => e.Name).Order());
        string Read(string name) => new StreamReader(archive.GetEntry(name)!.Open()).ReadToEnd();
        Assert.Equal(2, (int)JsonNode.Parse(Read("report.json"))!["participants_kept"]!);
        var md = Read("report.md");
        Assert.Contains("Outlier rule: threshold-120", md);
        Assert.Contains("![Preferences at the end](preference-bars.svg)", md);
        // Each figure is a standalone SVG document with one bar per label and series (7 bins x 2 models for the histogram).
        var svg = System.Xml.Linq.XDocument.Parse(Read("histogram.svg"));
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
        Assert.Equal(14, svg.Descendants("{http://www.w3.org/2000/svg}rect").Count());
    }
}
