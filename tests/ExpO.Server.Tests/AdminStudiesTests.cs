using System.Net;
using System.Net.Http.Json;
using ExpO.Server.Admin;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>The studies page and the study picker: a researcher creates a study, and every page then shows that study's data only.</summary>
public sealed partial class AdminTests
{
    /// <summary>The wine study as the studies page's form sends it (models/wine-none and wine-expo, MAPLE), closed at first.</summary>
    static Dictionary<string, string> WineForm(string name = "wine", string control = "wine-none", bool open = false)
    {
        var form = new Dictionary<string, string>
        {
            ["name"] = name,
            ["title"] = "Help a computer model judge a wine",
            ["control"] = control,
            ["treatment"] = "wine-expo",
            ["explainer"] = "maple",
            ["quantity"] = "quality",
            ["subject"] = "wine",
            ["prefix"] = "",
            ["suffix"] = "",
            ["decimals"] = "2",
            ["scale"] = "1",
        };
        if (open) form["open"] = "true";
        return form;
    }

    static EntryRequest DirectTo(string? study, RecruitmentSource source = RecruitmentSource.Direct) =>
        new() { Source = source, Study = study, ClientEntryId = Guid.NewGuid() };

    static async Task<DashboardSummary> DashboardAsync(HttpClient browser) =>
        (await browser.GetFromJsonAsync<DashboardSummary>(AdminRoutes.ApiDashboard))!;

    [Fact]
    public async Task A_study_created_on_the_studies_page_is_tried_closed_then_opened_and_every_page_shows_only_its_data()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var created = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.Studies, WineForm());
        Assert.Equal(AdminRoutes.Studies + "?created=wine", created.Headers.Location!.OriginalString);
        var page = await (await browser.GetAsync(AdminRoutes.Studies)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"study-wine\"", page);
        Assert.Contains("/study/wine", page);

        // Closed: people are turned away, simulated participants may try it.
        var api = new StudyApiClient(_server.CreateClient(), 1);
        var closed = await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(DirectTo("wine")));
        Assert.Equal(StudyProblemTypes.Closed, closed.ProblemType);
        await api.EnterAsync(DirectTo("wine", RecruitmentSource.Agent));

        // The settings page now belongs to the wine study: opening it there opens the wine study only.
        var saved = await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(consent: "Wine consent."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        foreach (var _ in Enumerable.Range(0, 3)) await api.EnterAsync(DirectTo("wine"));
        foreach (var _ in Enumerable.Range(0, 2)) await api.EnterAsync(DirectTo(null));
        Assert.Equal("Wine consent.", (await _server.CreateClient().GetFromJsonAsync(StudyRoutes.InfoOf("wine"), StudyJsonContext.Default.StudyInfo))!.ConsentText);
        Assert.NotEqual("Wine consent.", (await api.InfoAsync()).ConsentText);

        // Dashboard and downloads: the chosen study's participants only, its name in the file name.
        var wine = await DashboardAsync(browser);
        Assert.Equal((3, 1), (wine.Humans.Started, wine.BySource.Single(g => g.Group == "agent").Started));
        var export = await browser.GetAsync(AdminRoutes.Export + "/participants.csv");
        Assert.Contains("expo-wine-participants.csv", export.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(1 + 4, (await export.Content.ReadAsStringAsync()).Trim().Split('\n').Length); // header, 3 people and the agent

        // The picker brings the housing study back on every page.
        var chosen = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.ChooseStudy, new() { ["study"] = "housing", ["back"] = AdminRoutes.Settings });
        Assert.Equal(AdminRoutes.Settings, chosen.Headers.Location!.OriginalString);
        Assert.Equal((2, 0), ((await DashboardAsync(browser)).Humans.Started, (await DashboardAsync(browser)).BySource.Count(g => g.Group == "agent")));
        Assert.Equal(1 + 2, (await (await browser.GetAsync(AdminRoutes.Export + "/participants.csv")).Content.ReadAsStringAsync()).Trim().Split('\n').Length);
        // Only a researchers' page is a way back; anything else lands on the dashboard.
        var elsewhere = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.ChooseStudy, new() { ["study"] = "wine", ["back"] = "https://evil.example/" });
        Assert.Equal(AdminRoutes.Home, elsewhere.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_researcher_previews_a_closed_study_as_a_participant_who_is_left_out_of_its_analysis()
    {
        var browser = Browser();
        await SignInAsync(browser);
        await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.Studies, WineForm());
        var preview = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.PreviewOf("wine"), []);
        Assert.Equal(HttpStatusCode.Redirect, preview.StatusCode);
        var token = preview.Headers.Location!.OriginalString.Split('/')[2];
        var api = new StudyApiClient(_server.CreateClient(), 1);
        Assert.Equal(("wine", StudyStage.Consent), ((await api.ParticipantInfoAsync(token)).Study, (await api.StateAsync(token)).Stage));
        // The study stays closed to everyone else; the preview is counted as excluded, not as a person taking part.
        Assert.Equal(StudyProblemTypes.Closed, (await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(DirectTo("wine")))).ProblemType);
        var wine = await DashboardAsync(browser);
        Assert.Equal((0, 1), (wine.Humans.Started, wine.Humans.Excluded));
        await using var db = _server.Db();
        var exclusion = await db.Exclusions.Include(x => x.Participant).SingleAsync();
        Assert.Equal((true, "a researcher's preview", Email), (exclusion.Excluded, exclusion.Reason, exclusion.Researcher));
    }

    [Fact]
    public async Task A_payment_file_is_matched_against_the_chosen_studys_participants_only()
    {
        await TurkAsync("AWORKERHOUSE1", "ASSIGNHOUSE1", finish: true);
        await using (var db = _server.Db()) await TookTwentyMinutesAsync(db);
        string code;
        await using (var db = _server.Db()) code = (await db.Participants.SingleAsync()).CompletionCode;
        var batch = string.Join("\n", MturkHeader, MturkRow("ASSIGNHOUSE1", "AWORKERHOUSE1", code));
        var browser = Browser();
        await SignInAsync(browser);
        string Decision(string csv) => Csv(csv).Single()["decision"];
        Assert.Equal("approve", Decision(await (await browser.PostAsync(AdminRoutes.ApiPayments, Upload(batch))).Content.ReadAsStringAsync()));
        // The same file while the wine study is chosen: its participants never included this worker.
        await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.Studies, WineForm(open: true));
        var wine = Csv(await (await browser.PostAsync(AdminRoutes.ApiPayments, Upload(batch))).Content.ReadAsStringAsync()).Single();
        Assert.Equal(("reject", "never entered the study"), (wine["decision"], wine["reason"]));
    }

    [Fact]
    public async Task The_studies_page_refuses_a_pair_that_cannot_run_keeping_what_was_typed_and_creating_nothing()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var refused = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.Studies, WineForm(control: "none"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("different data or splits", html);
        Assert.Contains("value=\"Help a computer model judge a wine\"", html); // the form keeps what was typed
        var badName = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.Studies, WineForm(name: "Wine Study"));
        Assert.Contains("not usable in a link", WebUtility.HtmlDecode(await badName.Content.ReadAsStringAsync()));
        var unknown = await SubmitAsync(browser, AdminRoutes.Studies, AdminRoutes.ChooseStudy, new() { ["study"] = "no-such" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await using var db = _server.Db();
        Assert.Equal(["housing"], await db.Studies.Select(s => s.Name).ToListAsync());
    }
}
