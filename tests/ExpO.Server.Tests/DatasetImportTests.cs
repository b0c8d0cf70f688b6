using System.Net;
using System.Text.Json.Nodes;
using ExpO.Server.Admin;
using ExpO.Server.Analysis;
using ExpO.Server.Hosting;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>Importing a per-participant file as a named dataset, analysed by the page and `analyze --dataset` beside live data.</summary>
public sealed partial class AdminTests
{
    /// <summary>Posts the datasets page's upload form (multipart, with the page's antiforgery token).</summary>
    static async Task<HttpResponseMessage> ImportAsync(HttpClient browser, string name, string content, string format = "published")
    {
        var html = await (await browser.GetAsync(AdminRoutes.Datasets)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "the datasets page has no antiforgery field");
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[2].Value)), token.Groups[1].Value },
            { new StringContent(name), "name" }, { new StringContent(format), "format" },
            { new StringContent(content), "file", "study.txt" },
        };
        return await browser.PostAsync(AdminRoutes.Datasets, form);
    }

    [Fact]
    public async Task An_exported_study_imported_as_a_dataset_is_analysed_like_the_live_one()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var p = new SimulatedParticipant(new StudyApiClient(_server.CreateClient(), 1), new ClosestChangePolicy(), seed)
            {
                RoundAnswers = s => (s.RoundNumber % 2 == 0 ? Preference.A : Preference.B, Preference.Same),
            };
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
        }
        var browser = Browser();
        await SignInAsync(browser);
        var published = await (await browser.GetAsync($"{AdminRoutes.Export}/published.txt")).Content.ReadAsStringAsync();
        var imported = await ImportAsync(browser, "pilot 1", published);
        Assert.Equal($"{AdminRoutes.Datasets}?imported=pilot%201", imported.Headers.Location!.OriginalString);

        async Task<JsonObject> AnalyzeAsync(params string[] more)
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={_server.DatabasePath}", "--json", .. more], stdout, stderr));
            var json = JsonNode.Parse(stdout.ToString())!.AsObject();
            json.Remove("dropped"); // the published file numbers its rows instead of our pseudonyms
            return json;
        }
        var live = await AnalyzeAsync();
        Assert.Equal(3, (int)live["participants_total"]!);
        Assert.Equal(live.ToJsonString(), (await AnalyzeAsync("--dataset", "pilot 1")).ToJsonString());

        var page = WebUtility.HtmlDecode(await (await browser.GetAsync($"{AdminRoutes.Analysis}?dataset=pilot%201")).Content.ReadAsStringAsync());
        Assert.Contains("3 of 3 participants kept.", page);
        Assert.Contains("pilot 1 (imported, 3 participants)", page);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{AdminRoutes.Analysis}?dataset=nothing")).StatusCode);
        var (_, err) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={_server.DatabasePath}", "--dataset", "nothing"], new StringWriter(), err));
        Assert.Contains("no imported dataset named \"nothing\"", err.ToString());
    }

    [Fact]
    public async Task A_malformed_file_or_a_taken_name_is_refused_and_nothing_is_imported()
    {
        var browser = Browser();
        await SignInAsync(browser);
        // The example row (the published format), then a second row whose stepsB is not a list.
        var header = string.Join('|', PublishedFormat.Columns);
        const string good = "7|[1, 0, 1, 1, 0]|B jumped around.|[4, 9, 6, 3, 8]|[12, 30, 7, 15, 9]|True|A was steadier.|1|1|[1, 0, 1, 1, 1]|";
        var bad = good.Replace("7|", "8|").Replace("[12, 30, 7, 15, 9]", "[12, x, 7, 15, 9]");
        var refused = await ImportAsync(browser, "broken", $"{header}\n{good}\n{bad}\n");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("line 3", refusedPage);
        // The form keeps what was typed (a browser cannot be given the file back) and the error reads as one.
        Assert.Contains("value=\"broken\"", refusedPage);
        Assert.Contains("class=\"sp-error\"", refusedPage);
        var csvRefused = WebUtility.HtmlDecode(await (await ImportAsync(browser, "pilot csv", "not,a,participants,export\n", "csv")).Content.ReadAsStringAsync());
        Assert.Matches("<option value=\"csv\" selected", csvRefused);

        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(browser, "original", $"{header}\n{good}\n")).StatusCode);
        var taken = await ImportAsync(browser, "original", $"{header}\n{good}\n");
        Assert.Contains("exists already", WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync()));
        var live = await ImportAsync(browser, "Live", $"{header}\n{good}\n");
        Assert.Equal(HttpStatusCode.BadRequest, live.StatusCode);

        // A study of 600 participants (~60 KB) is above the 32 KB every other request is held to.
        var many = string.Join('\n', Enumerable.Range(1, 600).Select(i => good.Replace("7|", $"{i}|")));
        Assert.True(many.Length > 32 * 1024);
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(browser, "large", $"{header}\n{many}\n")).StatusCode);

        await using var db = _server.Db();
        var names = await db.Datasets.OrderBy(d => d.Name).Select(d => new { d.Name, d.Participants }).ToListAsync();
        Assert.Equal([("large", 600), ("original", 1)], names.Select(d => (d.Name, d.Participants)));

        // Deleting asks first, then removes only that dataset.
        var ask = await browser.GetAsync($"{AdminRoutes.Datasets}/large/delete");
        Assert.Contains("data-testid=\"confirm-delete\"", await ask.Content.ReadAsStringAsync());
        Assert.Equal(2, await db.Datasets.CountAsync()); // asking deletes nothing
        var deleted = await SubmitAsync(browser, $"{AdminRoutes.Datasets}/large/delete", $"{AdminRoutes.Datasets}/large/delete", new() { ["confirm"] = "yes" });
        Assert.Equal($"{AdminRoutes.Datasets}?deleted=large", deleted.Headers.Location!.OriginalString);
        Assert.Equal(["original"], await db.Datasets.Select(d => d.Name).ToListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"{AdminRoutes.Datasets}/large/delete")).StatusCode);
    }

    [Fact]
    public async Task The_analysis_page_runs_the_agent_sweep_with_the_peoples_means_as_lines()
    {
        var person = await InRoundOneAsync();
        await person.PlayToEndAsync();
        var browser = Browser();
        await SignInAsync(browser);
        Assert.DoesNotContain("data-testid=\"agent-sweep\"", await (await browser.GetAsync(AdminRoutes.Analysis)).Content.ReadAsStringAsync());
        var html = await (await browser.GetAsync($"{AdminRoutes.Analysis}?agentEpisodes=20")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"agent-sweep\"", html);
        // The protocol's eight lambdas (docs/study-protocol.md) along the axis, and one dashed line per model for the person.
        foreach (var lambda in new[] { "0", "0.5", "1", "2", "5", "10", "15", "20" }) Assert.Contains($">{lambda}</text>", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<title>people on"));
    }
}
