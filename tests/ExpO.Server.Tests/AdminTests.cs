using System.Net;
using System.Text.RegularExpressions;
using ExpO.Server.Admin;
using ExpO.Server.Analysis;
using ExpO.Server.Hosting;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>The researchers' way in (set-up, sign-in, rate limit, antiforgery) and the data they take out.</summary>
public sealed partial class AdminTests : IDisposable
{
    const string Email = "lead@study.example", Password = "correct horse battery";
    readonly StudyServerFactory _server = new(new() { ["Admin:Email"] = Email, ["Admin:Password"] = Password });

    public void Dispose() => _server.Dispose();

    HttpClient Browser(StudyServerFactory? server = null) =>
        (server ?? _server).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [GeneratedRegex("name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Opens a form page and posts its fields with the antiforgery token the page carried.</summary>
    static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"{page} has no antiforgery field");
        fields[token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email = Email, string password = Password) =>
        SubmitAsync(browser, AdminRoutes.SignIn, AdminRoutes.SignIn, new() { ["email"] = email, ["password"] = password });

    [Fact]
    public void Every_admin_endpoint_but_the_way_in_needs_a_signed_in_researcher()
    {
        var endpoints = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/') + "/").StartsWith("/admin/", StringComparison.Ordinal) && e.Order != int.MaxValue)
            .ToList();
        Assert.True(endpoints.Count >= 4, "the admin endpoints were not found");
        foreach (var e in endpoints)
        {
            var route = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (AdminEndpoints.Open.Contains(route)) continue;
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Contains(AdminExtensions.ResearcherPolicy), $"{route} ({e.DisplayName}) is open to anyone");
        }
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/api/export/participants.csv")]
    [InlineData("/admin/api/export/steps.json")]
    [InlineData("/admin/api/export/published.txt")]
    public async Task A_signed_out_visitor_and_a_participant_are_turned_away(string path)
    {
        var participant = new SimulatedParticipant(new StudyApiClient(_server.CreateClient(), 1), new ClosestChangePolicy(), 1);
        var token = (await participant.EnterDirectAsync()).Token;
        foreach (var auth in new string?[] { null, token })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (auth is not null)
            {
                request.Headers.Authorization = new("Bearer", auth);   // what a participant holds is not a sign-in
                request.Headers.Add("Cookie", $"expo-admin={auth}");
            }
            var answer = await Browser().SendAsync(request);
            if (path.StartsWith(AdminRoutes.Api, StringComparison.Ordinal)) Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
                Assert.StartsWith(AdminRoutes.SignIn, answer.Headers.Location!.AbsolutePath);
            }
        }
    }

    [Fact]
    public async Task The_first_account_is_made_once_on_the_set_up_page_and_then_the_page_closes()
    {
        using var fresh = new StudyServerFactory();
        var browser = Browser(fresh);
        var signIn = await browser.GetAsync(AdminRoutes.SignIn);
        Assert.Equal(AdminRoutes.Setup, signIn.Headers.Location!.OriginalString); // no account yet: set up first

        var weak = await SubmitAsync(browser, AdminRoutes.Setup, AdminRoutes.Setup, new() { ["email"] = "a@b.example", ["password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync());

        var made = await SubmitAsync(browser, AdminRoutes.Setup, AdminRoutes.Setup, new() { ["email"] = "First@Study.example", ["password"] = Password });
        Assert.Equal(AdminRoutes.Home, made.Headers.Location!.OriginalString);
        Assert.Contains("first@study.example", await (await browser.GetAsync(AdminRoutes.Home)).Content.ReadAsStringAsync());

        // Closed now: the page sends to sign-in, and a second post makes no second account.
        var other = Browser(fresh);
        Assert.Equal(AdminRoutes.SignIn, (await other.GetAsync(AdminRoutes.Setup)).Headers.Location!.OriginalString);
        await SubmitAsync(other, AdminRoutes.SignIn, AdminRoutes.Setup, new() { ["email"] = "intruder@x.example", ["password"] = "another long password" });
        await using var db = fresh.Db();
        var researcher = Assert.Single(await db.Researchers.ToListAsync());
        Assert.Equal("first@study.example", researcher.Email);
        Assert.DoesNotContain(Password, researcher.PasswordHash);
    }

    [Fact]
    public async Task Sign_in_checks_the_password_and_the_antiforgery_token()
    {
        var browser = Browser();
        var wrong = await SignInAsync(browser, password: "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("do not match", await wrong.Content.ReadAsStringAsync());
        var forged = await browser.PostAsync(AdminRoutes.SignIn, new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Email, ["password"] = Password }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);          // no token: refused before the password is looked at
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(AdminRoutes.Home)).StatusCode);

        var ok = await SignInAsync(browser);
        Assert.Equal(AdminRoutes.Home, ok.Headers.Location!.OriginalString);
        var home = await browser.GetAsync(AdminRoutes.Home);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("no-store", home.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        var signOut = await SubmitAsync(browser, AdminRoutes.Home, AdminRoutes.SignOut, []);
        Assert.Equal(AdminRoutes.SignIn, signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(AdminRoutes.Home)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_and_the_sixth_gets_the_sign_in_page_with_when_to_try_again()
    {
        var browser = Browser();
        var answers = new List<HttpResponseMessage>();
        for (int i = 0; i < SignInLimit.AttemptsPerMinute + 1; i++)
            answers.Add(await SignInAsync(browser, password: $"guess number {i}"));
        Assert.All(answers.Take(SignInLimit.AttemptsPerMinute), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var refused = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        int wait = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"Please wait {wait} seconds, then try again.", html);
        Assert.Contains("data-testid=\"password\"", html); // the form itself, to try again from
        Assert.Contains($"value=\"{Email}\"", html); // with the e-mail as typed
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task A_browser_meets_every_refusal_as_a_page_never_json_nor_a_500(string accept)
    {
        var browser = Browser();
        await SignInAsync(browser);
        var unknownExport = new HttpRequestMessage(HttpMethod.Get, $"{AdminRoutes.Home}/nothing-here");
        unknownExport.Headers.Accept.ParseAdd(accept);
        // A form posted without its antiforgery token (a stale tab): 400 as a page.
        var stale = new HttpRequestMessage(HttpMethod.Post, AdminRoutes.Settings) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rounds"] = "3" }) };
        stale.Headers.Accept.ParseAdd(accept);
        // An empty percentile box is "not used": the page, not a 400.
        var analysis = new HttpRequestMessage(HttpMethod.Get, AdminRoutes.Analysis + "?threshold=150&percentile=");
        analysis.Headers.Accept.ParseAdd(accept);
        var bad = new HttpRequestMessage(HttpMethod.Get, AdminRoutes.Analysis + "?threshold=0&percentile=");
        bad.Headers.Accept.ParseAdd(accept);

        foreach (var (request, status) in new[] { (unknownExport, HttpStatusCode.NotFound), (stale, HttpStatusCode.BadRequest),
                     (analysis, HttpStatusCode.OK), (bad, HttpStatusCode.BadRequest) })
        {
            var answer = await browser.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(status == answer.StatusCode, $"{request.Method} {request.RequestUri}: {(int)answer.StatusCode} {body[..Math.Min(300, body.Length)]}");
            Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<!DOCTYPE html>", body.TrimStart());
        }
    }

    [Fact]
    public async Task A_script_still_gets_problem_details_as_json()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var request = new HttpRequestMessage(HttpMethod.Post, AdminRoutes.Settings) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rounds"] = "3" }) };
        request.Headers.Accept.ParseAdd("application/json");
        var answer = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_analysis_page_shows_what_analyze_computes_under_the_rule_chosen_on_the_page()
    {
        var api = new StudyApiClient(_server.CreateClient(), 1);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var p = new SimulatedParticipant(api, new ClosestChangePolicy(), seed);
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
        }
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={_server.DatabasePath}", "--json"], stdout, stderr));
        var json = System.Text.Json.Nodes.JsonNode.Parse(stdout.ToString())!;
        string Shown(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

        var browser = Browser();
        await SignInAsync(browser);
        var html = await (await browser.GetAsync(AdminRoutes.Analysis)).Content.ReadAsStringAsync();
        Assert.Contains("3 of 3 participants kept.", html);
        Assert.Contains($"data-testid=\"expo-mean\">{Shown((double)json["steps"]!["expo"]!["mean"]!)}<", html);
        Assert.Contains($"data-testid=\"none-mean\">{Shown((double)json["steps"]!["none"]!["mean"]!)}<", html);
        Assert.Contains($"data-testid=\"student-p\">{PValue.Equation((double)json["steps"]!["student_t"]!["p"]!)}<", html.Replace("&lt;", "<"));
        foreach (var chart in new[] { "histogram", "by-round", "preference-bars" }) Assert.Contains($"data-testid=\"{chart}\"", html);

        // A threshold of one step drops everyone, each with the round that went over.
        var strict = await (await browser.GetAsync(AdminRoutes.Analysis + "?threshold=1")).Content.ReadAsStringAsync();
        Assert.Contains("0 of 3 participants kept.", strict);
        Assert.Equal(3, Regex.Count(strict, "above the threshold of 1 steps"));
    }

    [Fact]
    public async Task Every_export_downloads_the_study_without_personal_data()
    {
        var api = new StudyApiClient(_server.CreateClient(), 1);
        var turk = new SimulatedParticipant(api, new ClosestChangePolicy(), 1);
        await turk.EnterAsync(new EntryRequest
        {
            Source = RecruitmentSource.Mturk,
            WorkerId = "WORKER-SECRET-1",
            AssignmentId = "ASSIGN-X",
            HitId = "HIT-X",
            TurkSubmitTo = StudyServerFactory.TestTurkHost,
        });
        await turk.PlayToEndAsync();
        var direct = new SimulatedParticipant(api, new ClosestChangePolicy(), 2);
        await direct.EnterDirectAsync();
        await direct.ActAsync(); // consented only: in the participants table, not in the finished-only published file

        var browser = Browser();
        await SignInAsync(browser);
        await using var db = _server.Db();
        int steps = await db.Steps.CountAsync();
        foreach (var kind in StudyExports.All)
        {
            var answer = await browser.GetAsync($"{AdminRoutes.Export}/{kind.File}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(kind.ContentType, answer.Content.Headers.ContentType!.MediaType);
            Assert.Contains("attachment", answer.Content.Headers.ContentDisposition!.ToString());
            var body = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain("WORKER-SECRET", body);
            int lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            switch (kind.File)
            {
                case "participants.csv": Assert.Equal(1 + 2, lines); Assert.StartsWith("participant,source,expo_first", body); break;
                case "steps.csv": Assert.Equal(1 + steps, lines); break;
                case "answers.csv": Assert.Equal(1 + 5 + 1, lines); break; // the finished worker's five rounds and final answers
                case "participants.json":
                    {
                        // Typed: flags are booleans, counts numbers, lists arrays (not the CSV's strings).
                        var rows = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
                        Assert.Equal(2, rows.Count);
                        var worker = rows[0]!.AsObject();
                        Assert.Contains(worker["expo_first"]!.GetValueKind(), new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False });
                        Assert.Equal(5, (int)worker["rounds_done"]!);
                        Assert.Equal(5, worker["steps_a"]!.AsArray().Count);
                        Assert.All(worker["steps_a"]!.AsArray(), s => Assert.True((int)s! >= 1));
                        Assert.Equal(System.Text.Json.JsonValueKind.Number, worker["minutes"]!.GetValueKind());
                        Assert.Null(rows[1]!["completed_utc"]);
                        break;
                    }
                case "steps.json":
                    {
                        var rows = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
                        Assert.Equal(steps, rows.Count);
                        Assert.Equal(11, rows[0]!["shown_coefficients"]!.AsArray().Count); // one coefficient per feature of the housing data
                        Assert.InRange((int)rows[0]!["item"]!, 1, 11);
                        Assert.Equal(System.Text.Json.JsonValueKind.Number, rows[0]!["prediction_after"]!.GetValueKind());
                        break;
                    }
                case "answers.json":
                    {
                        var rows = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsArray();
                        Assert.Equal([1, 2, 3, 4, 5], rows.Take(5).Select(r => (int)r!["round"]!));
                        Assert.Equal("final", (string)rows[5]!["round"]!);
                        break;
                    }
                case "published.txt": Assert.Single(PublishedFormat.Read(new StringReader(body))); break;
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{AdminRoutes.Export}/secrets.csv")).StatusCode);
    }

    // Issue 20: Prolific recruiting with no completion code ended each participant on a code Prolific does not know,
    // and nothing said so. The researchers are told on the dashboard, the settings page and in the log.
    [Fact]
    public async Task Prolific_participants_arriving_with_no_completion_code_are_warned_about_on_the_dashboard_settings_and_log()
    {
        using var server = new StudyServerFactory(new() { ["Admin:Email"] = Email, ["Admin:Password"] = Password, ["Study:ProlificCompletionCode"] = "" });
        var browser = Browser(server);
        await SignInAsync(browser);
        const string Marker = "no Prolific completion code is set";
        // No one from Prolific yet: a study may recruit elsewhere only, so no warning.
        Assert.DoesNotContain(Marker, await browser.GetStringAsync("/admin/api/dashboard"));
        Assert.DoesNotContain("data-testid=\"warning\"", await browser.GetStringAsync(AdminRoutes.Settings));

        var api = new StudyApiClient(server.CreateClient(), attempts: 1);
        await api.EnterAsync(new EntryRequest { Source = RecruitmentSource.Prolific, ProlificPid = "PID-W", StudyId = "S", SessionId = "SE-W" });

        Assert.Contains("(1 so far) but " + Marker, await browser.GetStringAsync("/admin/api/dashboard"));
        Assert.Contains("data-testid=\"dashboard-warning\"", await browser.GetStringAsync("/admin"));
        var settings = WebUtility.HtmlDecode(await browser.GetStringAsync(AdminRoutes.Settings));
        Assert.Contains("data-testid=\"warning\"", settings);
        Assert.Contains(Marker, settings);
        var log = await server.LogTextAsync(t => t.Contains("A Prolific participant entered while no Prolific completion code is set"));
        Assert.Contains("[WRN] A Prolific participant entered while no Prolific completion code is set", log);
    }
}

/// <summary>The dashboard's numbers on a study with people at every stage.</summary>
public sealed class DashboardTests : ServerTest
{
    [Fact]
    public async Task The_dashboard_counts_each_status_the_order_balance_and_flags_doubtful_data()
    {
        SimulatedParticipant New(int seed, Func<ParticipantState, (Preference, Preference)>? answers = null) =>
            new(Api(), new ClosestChangePolicy(), seed) { RoundAnswers = answers ?? (_ => (Preference.A, Preference.Same)) };
        var finished = New(1, _ => (Preference.A, Preference.A));
        await finished.EnterDirectAsync();
        await finished.PlayToEndAsync();
        var playing = New(2);
        await playing.EnterDirectAsync();
        await playing.ActAsync(); await playing.ActAsync(); await playing.ActAsync(); // in round 1, one click made
        var gone = New(3);
        await gone.EnterDirectAsync();
        await gone.ActAsync();                                                         // consented, then left
        var agent = New(4);
        await agent.EnterAsync(new EntryRequest { Source = RecruitmentSource.Agent });
        // The one still playing reopened their page 7 times after the first opening: more than the flag's 5.
        var browser = Server.CreateClient();
        for (int i = 0; i < 8; i++) await browser.GetAsync($"/s/{Uri.EscapeDataString(playing.Token)}");
        await using (var db = Server.Db())
        {
            var goneHash = ExpO.Server.Study.Keys.ParticipantKeys.TokenHash(gone.Token);
            var old = DateTime.UtcNow.AddHours(-2);
            await db.Participants.Where(p => p.TokenHash == goneHash).ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedUtc, old).SetProperty(p => p.ConsentedUtc, old));
            // The finished one answered A to every round; make the last answers A too: the same answer everywhere.
            await db.FinalAnswers.ExecuteUpdateAsync(u => u.SetProperty(f => f.Expectation, Preference.A));
        }

        await using var scope = Server.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<StudyDashboard>().SummaryAsync(default);
        var people = summary.Humans;
        Assert.Equal((3, 1, 1, 1), (people.Started, people.InProgress, people.Finished, people.Dropped)); // the agent is not a person
        Assert.Equal(3, people.ExpoFirst + people.NoneFirst);
        Assert.InRange(Math.Abs(people.ExpoFirst - people.NoneFirst), 0, 1);                         // balanced assignment
        Assert.NotNull(people.MedianStepsPerRound);
        var agents = Assert.Single(summary.BySource, g => g.Group == "agent");
        Assert.Equal(1, agents.Started);
        var id = await PseudonymAsync(finished.Token);
        // A simulated participant finishes in seconds: far under the 5 minutes a person needs to read anything.
        Assert.Contains(summary.Flags, f => f.Participant == id && f.Reason.StartsWith("finished in", StringComparison.Ordinal));
        Assert.Contains(summary.Flags, f => f.Participant == id && f.Reason.Contains("same answer (A) to all 12 questions"));
        var playingId = await PseudonymAsync(playing.Token);
        Assert.Equal("reopened the study page 7 times", Assert.Single(summary.Flags, f => f.Participant == playingId).Reason);
        var agentId = await PseudonymAsync(agent.Token);
        Assert.DoesNotContain(summary.Flags, f => f.Participant == agentId);
    }
}

/// <summary>A participant's replay, built from the stored rows alone.</summary>
public sealed class ReplayTests : ServerTest
{
    [Fact]
    public async Task The_replay_chains_each_sides_prices_from_start_to_the_target_range()
    {
        var p = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 7);
        await p.EnterDirectAsync();
        await p.PlayToEndAsync();
        var id = await PseudonymAsync(p.Token);
        await using var scope = Server.Services.CreateAsyncScope();
        var view = (await scope.ServiceProvider.GetRequiredService<ParticipantReplay>().FindAsync(id, default))!;
        Assert.Equal(5, view.Rounds.Count);
        await using var db = Server.Db();
        foreach (var round in view.Rounds)
            foreach (var side in new[] { round.A, round.B })
            {
                int stored = await db.Conditions.Where(c => c.Round!.Number == round.Number && c.Slot == side.Side).Select(c => c.Steps).SingleAsync();
                Assert.Equal(stored, side.Steps.Count);
                Assert.Equal(side.StartPrice, side.Steps[0].PriceBefore, 6);
                for (int i = 1; i < side.Steps.Count; i++) Assert.Equal(side.Steps[i - 1].PriceAfter, side.Steps[i].PriceBefore, 6);
                var last = side.Steps[^1];
                Assert.True(last.Done);
                Assert.InRange(last.PriceAfter, side.TargetLow, side.TargetHigh);
                Assert.All(side.Steps, s => Assert.True(s.PromisedDollars > 0)); // every click's item had a shown magnitude
            }
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ParticipantReplay>().FindAsync("000000000000", default));
    }

}
