using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

[Collection(nameof(BrowserCollection))]
public sealed class StudyInBrowserTests(Browser browser) : IDisposable
{
    const string TurkHost = "https://workersandbox.mturk.com";
    readonly StudyServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task An_MTurk_worker_plays_all_rounds_survives_a_refresh_and_ends_at_externalSubmit()
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        var blocked = Browser.CspViolations(page);
        string? submitted = null;
        // The HIT's submit address is MTurk's: answer it here, so nothing leaves the machine.
        await page.RouteAsync($"{TurkHost}/**", async route =>
        {
            submitted = route.Request.Method + " " + route.Request.Url + " " + route.Request.PostData;
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>MTurk received the HIT</h1>" });
        });
        var driver = new ParticipantDriver(page, "mturk");
        await page.GotoAsync($"{baseUri}?assignmentId=ASSIGN-E2E&hitId=HIT-E2E&workerId=WORKER-E2E&turkSubmitTo={Uri.EscapeDataString(TurkHost)}");

        await driver.PlayStudyAsync(async round =>
        {
            if (round != 2) return;
            // Two clicks, then a reload: the page must come back at exactly the same state and carry on.
            await driver.ClickAsync("A", 1, "+");
            await driver.ClickAsync("A", 2, "-");
            var before = await driver.ReadAsync("A");
            await page.ReloadAsync();
            await driver.WaitForStageAsync("Round");
            var after = await driver.ReadAsync("A");
            Assert.Equal(before, after with { Items = before.Items });
            Assert.Equal(before.Items, after.Items);
            Assert.Equal(2, after.Steps);
            await driver.ShotAsync("3b-after-refresh");
        });

        await page.Locator("[data-testid=submit-hit]").WaitForAsync();
        await driver.ShotAsync("7-complete");
        await page.Locator("[data-testid=submit-hit]").ClickAsync();
        await page.GetByText("MTurk received the HIT").WaitForAsync();

        Assert.NotNull(submitted);
        Assert.StartsWith($"POST {TurkHost}/mturk/externalSubmit", submitted);
        Assert.Contains("assignmentId=ASSIGN-E2E", submitted);
        Assert.Empty(blocked); // the whole participant path runs under the Content-Security-Policy

        await using var db = _server.Db();
        var p = await db.Participants.Include(x => x.Rounds).SingleAsync();
        Assert.Equal(StudyStage.Complete, p.Stage);
        Assert.All(p.Rounds, r => Assert.NotNull(r.AnsweredUtc));
        // Every click made in the rounds is one row (the practice click is not recorded).
        Assert.Equal(driver.Clicks - 1, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task A_Prolific_participant_is_sent_back_to_Prolific_with_the_completion_code()
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync(390, 844); // phone width
        string? redirected = null;
        await page.RouteAsync("https://app.prolific.com/**", async route =>
        {
            redirected = route.Request.Url;
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>Prolific stub</h1>" });
        });
        var driver = new ParticipantDriver(page, "prolific-phone");
        await page.GotoAsync($"{baseUri}?PROLIFIC_PID=PID-E2E&STUDY_ID=STUDY-E2E&SESSION_ID=SESSION-E2E");
        await driver.PlayStudyAsync(async round =>
        {
            if (round != 1) return;
            // On a phone the two conditions stack; nothing may overflow sideways.
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, "the round page is wider than a phone screen");
        });
        await page.GetByText("Prolific stub").WaitForAsync();
        Assert.Equal("https://app.prolific.com/submissions/complete?cc=C0DE123", redirected);

        await using var db = _server.Db();
        Assert.Equal(StudyStage.Complete, (await db.Participants.SingleAsync()).Stage); // saved before the redirect
    }

    [Fact]
    public async Task An_MTurk_preview_shows_the_task_and_allows_no_work()
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        await page.GotoAsync($"{baseUri}?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=HIT-E2E&turkSubmitTo={Uri.EscapeDataString(TurkHost)}");
        await page.Locator("[data-testid=preview]").WaitForAsync();
        await page.GetByText("There are 5 short rounds").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("mturk-preview"), FullPage = true });
        Assert.Equal(0, await page.Locator("[data-testid=agree]").CountAsync());
        await using var db = _server.Db();
        Assert.Equal(0, await db.Participants.CountAsync());
    }
}
