using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>The participant's path as the platforms deliver it: a finish that survives reopening, two tabs, the HIT in MTurk's frame.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class PlatformTests(Browser browser) : IDisposable
{
    const string TurkHost = "https://workersandbox.mturk.com";
    // One round keeps these tests short; the five-round path is StudyInBrowserTests'.
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "1" });

    public void Dispose() => _server.Dispose();

    async Task<IPage> NewPageAsync(IBrowserContext? context = null)
    {
        context ??= await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    static string TurkLink(Uri baseUri, string assignment = "ASSIGN-R") =>
        $"{baseUri}?assignmentId={assignment}&hitId=HIT-R&workerId=WORKER-R&turkSubmitTo={Uri.EscapeDataString(TurkHost)}";

    [Fact]
    public async Task An_MTurk_worker_who_finishes_then_reopens_the_HIT_can_still_submit_it()
    {
        // Issue 12, defect 1: reopening the HIT after the last answer showed "already taken part" and no Submit button.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        var posts = new List<string>();
        await page.RouteAsync($"{TurkHost}/**", async route =>
        {
            posts.Add(route.Request.PostData ?? "");
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>MTurk received the HIT</h1>" });
        });
        await page.GotoAsync(TurkLink(baseUri));
        await new ParticipantDriver(page, "reopen-mturk", rounds: 1).PlayStudyAsync();
        await page.Locator("[data-testid=submit-hit]").WaitForAsync();

        await page.GotoAsync(TurkLink(baseUri)); // the HIT opened again before pressing Submit
        await page.Locator("[data-testid=submit-hit]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=entry-message]").CountAsync());
        await page.Locator("[data-testid=submit-hit]").ClickAsync();
        await page.GetByText("MTurk received the HIT").WaitForAsync();

        var post = Assert.Single(posts);
        Assert.Contains("assignmentId=ASSIGN-R", post);
        Assert.Contains("participantRef=", post);
        Assert.Contains("roundsDone=1", post);
        await using var db = _server.Db();
        var p = await db.Participants.SingleAsync();
        Assert.Contains($"participantRef={p.Pseudonym}", post);
    }

    [Fact]
    public async Task A_Prolific_participant_who_finishes_then_reopens_the_link_is_sent_to_Prolific_again()
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        int redirects = 0;
        await page.RouteAsync("https://app.prolific.com/**", async route =>
        {
            redirects++;
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>Prolific stub</h1>" });
        });
        var link = $"{baseUri}?PROLIFIC_PID=PID-R&STUDY_ID=STUDY-R&SESSION_ID=SESSION-R";
        await page.GotoAsync(link);
        await new ParticipantDriver(page, "reopen-prolific", rounds: 1).PlayStudyAsync();
        await page.GetByText("Prolific stub").WaitForAsync();

        await page.GotoAsync(link);
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('Prolific stub')");
        Assert.Equal(2, redirects);
        await using var db = _server.Db();
        Assert.Equal(1, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task Two_tabs_on_one_link_cannot_drift_apart()
    {
        // Issue 12, defect 3: a click on a stale tab was applied to the current state, and the tabs showed different rounds.
        var baseUri = _server.StartOnLoopback();
        var one = await NewPageAsync();
        await one.GotoAsync(baseUri.ToString());
        await one.Locator("[data-testid=agree]").ClickAsync();
        await one.Locator("[data-testid=start-rounds]").ClickAsync();
        await one.Locator("[data-testid=stage-Round]").WaitForAsync();
        var two = await NewPageAsync(one.Context);
        await two.GotoAsync(one.Url);
        await two.Locator("[data-testid=stage-Round]").WaitForAsync();

        var first = new ParticipantDriver(one, "tab-one", rounds: 1);
        var second = new ParticipantDriver(two, "tab-two", rounds: 1);
        await first.ClickAsync("A", 1, "+");                            // tab two still shows 0 steps on A
        Assert.Equal(0, (await second.ReadAsync("A")).Steps);
        await two.Locator("[data-testid=condition-A] [data-testid=item-2] [data-testid=plus]").ClickAsync();
        await two.Locator("[data-testid=error]").WaitForAsync();         // refused, and told why
        await two.WaitForFunctionAsync("() => document.querySelector('[data-testid=condition-A]').dataset.steps === '1'");
        var (shownOne, shownTwo) = (await first.ReadAsync("A"), await second.ReadAsync("A"));
        Assert.Equal(shownOne with { Items = [] }, shownTwo with { Items = [] }); // tab two now shows what tab one made
        Assert.Equal(shownOne.Items, shownTwo.Items);

        await second.ClickAsync("A", 3, "-");                            // from the current state it plays on
        await using var db = _server.Db();
        var steps = await db.Steps.OrderBy(s => s.StepNumber).ToListAsync();
        Assert.Equal([1, 3], steps.Select(s => s.Item));
        Assert.Equal(steps[0].PointAfter, steps[1].PointBefore);
    }

    [Theory]
    [InlineData("https://worker.mturk.com", true)]
    [InlineData("https://workersandbox.mturk.com", true)]
    [InlineData("https://not-mturk.example", false)]
    public async Task The_HIT_works_inside_MTurks_frame_and_nowhere_else(string origin, bool allowed)
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        // MTurk's worker page, answered here: it frames the HIT as an ExternalQuestion does.
        var hit = TurkLink(baseUri, "ASSIGN-F");
        await page.RouteAsync($"{origin}/**", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/html",
            Body = $"<!DOCTYPE html><title>HIT</title><iframe id=hit src=\"{hit}\" style=\"width:1200px;height:850px\"></iframe>",
        }));
        await page.GotoAsync($"{origin}/projects/1/tasks/1");
        var frame = await (await page.Locator("#hit").ElementHandleAsync()).ContentFrameAsync();
        if (!allowed)
        {
            // Chromium refuses the frame (CSP frame-ancestors) and shows its error page instead of the study.
            await page.WaitForLoadStateAsync(LoadState.Load);
            await Task.Delay(1000);
            Assert.Equal(0, await page.FrameLocator("#hit").Locator("[data-testid=stage-Consent]").CountAsync());
            await using var none = _server.Db();
            Assert.Equal(0, await none.Participants.CountAsync());
            return;
        }
        Assert.NotNull(frame);
        var driver = new ParticipantDriver(page, "hit-in-frame", frame, rounds: 1);
        await driver.PlayStudyAsync();
        await frame.Locator("[data-testid=submit-hit]").WaitForAsync();
        await using var db = _server.Db();
        Assert.Equal(StudyStage.Complete, (await db.Participants.SingleAsync()).Stage);
    }
}
