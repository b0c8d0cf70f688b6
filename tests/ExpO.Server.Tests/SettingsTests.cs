using System.Net;
using ExpO.Server.Admin;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>The settings page: versions for new participants only, each participant keeping theirs; open/closed; refusals.</summary>
public sealed partial class AdminTests
{
    /// <summary>The settings form with the protocol's values (docs/study-protocol.md), changed where a test says.</summary>
    static Dictionary<string, string> SettingsForm(string rounds = "5", string tolerance = "0.1", bool open = true, string consent = "A consent text.",
        string code = "", bool repeat = false)
    {
        var form = new Dictionary<string, string>
        {
            ["rounds"] = rounds,
            ["targetOffset"] = "1",
            ["tolerance"] = tolerance,
            ["stepSize"] = "1",
            ["consentText"] = consent,
            ["prolificCompletionCode"] = code,
        };
        if (open) form["open"] = "true";
        if (repeat) form["allowRepeat"] = "true";
        return form;
    }

    async Task<SimulatedParticipant> InRoundOneAsync(StudyServerFactory? server = null)
    {
        var p = new SimulatedParticipant(new StudyApiClient((server ?? _server).CreateClient(), 1), new ClosestChangePolicy(), 1);
        await p.EnterDirectAsync();
        await p.ActAsync();
        await p.ActAsync();
        Assert.Equal(StudyStage.Round, p.State.Stage);
        return p;
    }

    [Fact]
    public async Task Saved_settings_apply_to_new_participants_while_everyone_who_entered_keeps_their_own()
    {
        var early = await InRoundOneAsync();
        var browser = Browser();
        await SignInAsync(browser);
        var saved = await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(rounds: "2", tolerance: "0.2", consent: "The new consent."));
        Assert.Equal(AdminRoutes.Settings + "?saved=true", saved.Headers.Location!.OriginalString);

        var late = await InRoundOneAsync();
        Assert.Equal(2, late.State.TotalRounds);
        var earlyNow = await early.Api.StateAsync(early.Token);
        Assert.Equal(5, earlyNow.TotalRounds); // appsettings.json's rounds, as when they entered
        // The protocol's target range is the target ± the tolerance (in SDs of the price): doubling it doubles the
        // range's width in dollars (each bound is rounded to a dollar, hence the 2 dollars of slack).
        double Width(ParticipantState s) => s.Round!.A.TargetHighDollars - s.Round.A.TargetLowDollars;
        Assert.InRange(Width(late.State), 2 * Width(earlyNow) - 2, 2 * Width(earlyNow) + 2);
        var info = await new StudyApiClient(_server.CreateClient(), 1).InfoAsync();
        Assert.Equal(("The new consent.", 2), (info.ConsentText, info.Rounds));

        await using var db = _server.Db();
        var rows = await db.Participants.OrderBy(p => p.Id).Select(p => new { p.SettingsVersionId, p.Settings.Rounds, p.Settings.Tolerance }).ToListAsync();
        Assert.Equal([5, 2], rows.Select(r => r.Rounds));
        Assert.Equal([0.1, 0.2], rows.Select(r => r.Tolerance));
        Assert.NotEqual(rows[0].SettingsVersionId, rows[1].SettingsVersionId);
        var newest = await db.SettingsVersions.OrderBy(v => v.Id).LastAsync();
        Assert.Equal((SettingsOrigin.SettingsPage, Email), (newest.Origin, newest.SavedBy));

        var page = await (await browser.GetAsync(AdminRoutes.Settings)).Content.ReadAsStringAsync();
        Assert.Contains("The new consent.", page);
    }

    [Fact]
    public async Task A_completion_code_pasted_with_spaces_around_it_is_saved_trimmed_and_messages_use_the_pages_labels()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var saved = await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(code: "  C1A2B3X \t"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var db = _server.Db())
            Assert.Equal("C1A2B3X", (await db.SettingsVersions.OrderBy(v => v.Id).LastAsync()).ProlificCompletionCode);

        var form = SettingsForm();
        form["targetOffset"] = "0.05"; // not above the tolerance of 0.1
        form["stepSize"] = "big";
        var refused = WebUtility.HtmlDecode(await (await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, form)).Content.ReadAsStringAsync());
        Assert.Contains("Step size must be a number", refused);
        form["stepSize"] = "1";
        refused = WebUtility.HtmlDecode(await (await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, form)).Content.ReadAsStringAsync());
        Assert.Contains("Target change must be a finite number larger than the tolerance", refused);
    }

    [Fact]
    public async Task A_closed_study_turns_new_people_away_and_lets_those_who_started_go_on()
    {
        var early = await InRoundOneAsync();
        var browser = Browser();
        await SignInAsync(browser);
        await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(open: false));

        var refused = await Assert.ThrowsAsync<StudyApiException>(() => new StudyApiClient(_server.CreateClient(), 1).EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct }));
        Assert.Equal((409, StudyProblemTypes.Closed), (refused.Status, refused.ProblemType));
        var entryPage = await (await _server.CreateClient().GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("not taking new participants", entryPage);
        Assert.DoesNotContain("<form", entryPage);

        Assert.Equal(ParticipantAction.Clicked, await early.ActAsync()); // a click of someone who started is still applied
        await using var db = _server.Db();
        Assert.Equal(1, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task A_malformed_or_impossible_setting_is_named_and_nothing_is_saved()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var malformed = await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(rounds: "five"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var html = WebUtility.HtmlDecode(await malformed.Content.ReadAsStringAsync());
        Assert.Contains("Rounds must be a number", html);
        Assert.Contains("A consent text.", html); // what was typed is shown again, not lost

        // The committed bundles carry 20 start points (models/*.bundle.json, "startPoints"), one kept for practice: 20 rounds cannot be drawn.
        var impossible = await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(rounds: "20", tolerance: "-1", code: "a b"));
        Assert.Equal(HttpStatusCode.BadRequest, impossible.StatusCode);
        html = WebUtility.HtmlDecode(await impossible.Content.ReadAsStringAsync());
        Assert.Contains("only 20 start points", html);
        Assert.Contains("Tolerance must be a positive number", html);
        Assert.Contains("Prolific completion code takes letters and digits only", html); // the label on the page, not the property
        Assert.DoesNotContain("ProlificCompletionCode", html.Replace("name=\"prolificCompletionCode\"", ""));

        var forged = await browser.PostAsync(AdminRoutes.Settings, new FormUrlEncodedContent(SettingsForm(rounds: "2")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no antiforgery token
        await using var db = _server.Db();
        Assert.Equal(SettingsOrigin.Configuration, Assert.Single(await db.SettingsVersions.ToListAsync()).Origin);
    }

    [Fact]
    public async Task The_configuration_sets_the_first_version_and_a_changed_one_a_new_version_until_a_researcher_saves_one()
    {
        using var first = new StudyServerFactory(new() { ["Study:Settings:Rounds"] = "3" });
        first.Services.GetType(); // starts it
        StudyServerFactory On(string rounds) =>
            new(new() { ["Database:Path"] = first.DatabasePath, ["Study:Settings:Rounds"] = rounds, ["Admin:Email"] = Email, ["Admin:Password"] = Password });
        using (var same = On("3")) same.Services.GetType();
        using var changed = On("4");
        var browser = Browser(changed);
        await SignInAsync(browser);
        await SubmitAsync(browser, AdminRoutes.Settings, AdminRoutes.Settings, SettingsForm(rounds: "2"));
        using var later = On("6");
        Assert.Equal(2, (await new StudyApiClient(later.CreateClient(), 1).InfoAsync()).Rounds); // the page's version stays in force

        await using var db = first.Db();
        var versions = await db.SettingsVersions.OrderBy(v => v.Id).Select(v => new { v.Origin, v.Protocol.Rounds }).ToListAsync();
        Assert.Equal([(SettingsOrigin.Configuration, 3), (SettingsOrigin.Configuration, 4), (SettingsOrigin.SettingsPage, 2)],
            versions.Select(v => (v.Origin, v.Rounds)));
    }

    [Fact]
    public async Task Each_opening_of_a_participants_page_is_counted()
    {
        var p = await InRoundOneAsync();
        var browser = _server.CreateClient();
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/s/{Uri.EscapeDataString(p.Token)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/s/not-a-token/extra")).StatusCode);
        await using var db = _server.Db();
        Assert.Equal(3, (await db.Participants.SingleAsync()).PageOpens);
    }

    [Fact]
    public async Task Only_a_signed_in_researcher_may_open_an_interactive_circuit()
    {
        const string negotiate = "/_blazor/negotiate?negotiateVersion=1";
        var participant = await InRoundOneAsync();
        var stranger = await Browser().PostAsync(negotiate, null);
        var withToken = new HttpRequestMessage(HttpMethod.Post, negotiate);
        withToken.Headers.Authorization = new("Bearer", participant.Token);
        var asParticipant = await Browser().SendAsync(withToken);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (stranger.StatusCode, asParticipant.StatusCode));

        var researcher = Browser();
        await SignInAsync(researcher);
        Assert.Equal(HttpStatusCode.OK, (await researcher.PostAsync(negotiate, null)).StatusCode);
    }

    [Fact]
    public async Task Playing_simulated_participants_refuses_bad_numbers_and_a_server_without_an_address()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var none = await SubmitAsync(browser, AdminRoutes.Home, AdminRoutes.Agents, new() { ["participants"] = "0", ["lambda"] = "10" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("between 1 and", await none.Content.ReadAsStringAsync());
        // The in-memory test host listens on no address the agents could reach; a real server does (the browser test).
        var unreachable = await SubmitAsync(browser, AdminRoutes.Home, AdminRoutes.Agents, new() { ["participants"] = "2", ["lambda"] = "10" });
        Assert.Contains("no HTTP address", await unreachable.Content.ReadAsStringAsync());
        await using var db = _server.Db();
        Assert.Equal(0, await db.Participants.CountAsync());
    }
}
