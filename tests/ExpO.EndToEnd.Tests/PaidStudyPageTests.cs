using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>
/// What issue 20's walk through the participant's page found, as a participant meets it in Chromium at a laptop's
/// 1366x768 and a phone's 390x844: a failed click that showed nothing, the round's next step below the fold, small
/// touch targets, requests that ended as cancelled.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class PaidStudyPageTests(Browser browser) : IDisposable
{
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "1" });

    public void Dispose() => _server.Dispose();

    /// <summary>A page in a new browser context (its own cache and cookies), 30 s for anything to appear.</summary>
    async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await browser.Instance.NewContextAsync(options ?? new());
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    async Task<IPage> RoundPageAsync(int width, int height)
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height }, HasTouch = width < 500 });
        await page.GotoAsync(baseUri.ToString());
        await page.Locator("[data-testid=agree]").ClickAsync();
        await page.Locator("[data-testid=start-rounds]").ClickAsync();
        await page.Locator("[data-testid=stage-Round]").WaitForAsync();
        return page;
    }

    static Task<double[]> ButtonTopsAsync(IPage page) => page.EvaluateAsync<double[]>(
        "() => [...document.querySelectorAll('.step-button')].map(b => b.getBoundingClientRect().top + window.scrollY)");

    /// <summary>Whether the element is wholly inside the window as it is scrolled now.</summary>
    static Task<bool> InViewAsync(IPage page, string selector) => page.EvalOnSelectorAsync<bool>(selector,
        "e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }");

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task A_failed_click_is_told_in_view_where_the_participant_clicked_and_moves_no_button(int width, int height)
    {
        // The issue: with the server stopped, a click low on the board showed its message at y=814 in a 768 px window.
        var page = await RoundPageAsync(width, height);
        var low = page.Locator("[data-testid=condition-A] [data-testid=item-11] [data-testid=plus]");
        await low.ScrollIntoViewIfNeededAsync();
        var tops = await ButtonTopsAsync(page);
        var scrolled = await page.EvaluateAsync<double>("() => window.scrollY");
        // The server cannot be reached: every try of this click fails on the way, as with the server stopped.
        await page.RouteAsync("**/api/v1/**/steps", route => route.AbortAsync());
        await low.ClickAsync();
        var message = page.Locator("[data-testid=error]");
        await message.WaitForAsync();
        Assert.Contains("could not reach the study server", await message.TextContentAsync());
        Assert.True(await InViewAsync(page, "[data-testid=error]"), "the message is out of view");
        Assert.Equal(scrolled, await page.EvaluateAsync<double>("() => window.scrollY"));
        Assert.Equal(tops, await ButtonTopsAsync(page));                  // it moved no button
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"click-failed-{width}x{height}") });

        // The server is back: the next click goes through and the message goes.
        await page.UnrouteAllAsync();
        await low.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=condition-A]').dataset.steps === '1'");
        await page.Locator("[data-testid=error]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task When_a_rounds_last_side_finishes_the_button_to_the_questions_is_in_view(int width, int height)
    {
        // The issue: "Both sides done: answer two questions" was below the fold at 768 px, under two "finished" notes.
        var page = await RoundPageAsync(width, height);
        var driver = new ParticipantDriver(page, $"next-step-{width}", rounds: 1);
        await driver.PlayConditionAsync("A");
        await driver.PlayConditionAsync("B");
        await page.Locator("[data-testid=to-questions]").WaitForAsync();
        Assert.True(await InViewAsync(page, "[data-testid=to-questions]"), "the next step is out of view");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"round-finished-{width}x{height}") });
        await page.Locator("[data-testid=to-questions]").ClickAsync();
        await page.Locator("[data-testid=useful]").WaitForAsync();
    }

    [Fact]
    public async Task On_a_phone_every_button_is_a_44_px_target_with_room_between_minus_and_plus_and_the_board_fits_the_screen()
    {
        // The issue: +/- were 44x36 px with 8 px between opposite directions (WCAG 2.5.5 asks for 44x44).
        var page = await RoundPageAsync(390, 844);
        var boxes = await page.EvaluateAsync<double[][]>(
            "() => [...document.querySelectorAll('[data-testid^=item-]')].map(r => { const [m, p] = [r.querySelector('.minus'), r.querySelector('.plus')]" +
            ".map(b => b.getBoundingClientRect()); return [m.width, m.height, p.width, p.height, p.left - m.right]; })");
        Assert.Equal(22, boxes.Length);                                    // 11 items on each side
        foreach (var b in boxes)
        {
            Assert.True(b[0] >= 44 && b[1] >= 44 && b[2] >= 44 && b[3] >= 44, $"a button is {b[0]}x{b[1]} or {b[2]}x{b[3]} px");
            Assert.True(b[4] >= 12, $"{b[4]} px between - and +");
        }
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than the phone");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("phone-targets-390x844"), FullPage = true });
    }

    [Fact]
    public async Task No_request_of_a_whole_study_ends_cancelled()
    {
        // The issue: 5-15 step and answer requests a participant appeared as cancelled (ERR_ABORTED) although the
        // server had answered 200: the client read the answers as a stream and dropped it before its end.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        var failed = new List<string>();
        var steps = 0;
        // The API's requests (a client file the entry page was still fetching is rightly dropped when a plain post leaves it).
        page.RequestFailed += (_, r) => { if (r.Url.Contains("/api/", StringComparison.Ordinal)) lock (failed) failed.Add($"{r.Method} {r.Url}: {r.Failure}"); };
        page.RequestFinished += (_, r) => { if (r.Url.EndsWith("/steps", StringComparison.Ordinal)) Interlocked.Increment(ref steps); };
        await page.GotoAsync(baseUri.ToString());
        await new ParticipantDriver(page, "no-cancel", rounds: 1).PlayStudyAsync();
        await page.Locator("[data-testid=complete]").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Every click's request finished, one for each step stored (a retried request would show as two).
        await using (var db = _server.Db())
            Assert.Equal(await db.Steps.CountAsync(), steps);
        Assert.True(steps > 0);
        lock (failed) Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Theory]
    [InlineData(390, 844, true, "Phone", "Touch")]
    [InlineData(1366, 768, false, "Desktop", "Mouse")]
    public async Task The_device_a_participant_agrees_on_is_recorded(int width, int height, bool phone, string device, string input)
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height }, HasTouch = phone, IsMobile = phone });
        await page.GotoAsync(baseUri.ToString());
        await page.Locator("[data-testid=agree]").ClickAsync();
        await page.Locator("[data-testid=stage-Instructions]").WaitForAsync();
        await using var db = _server.Db();
        var p = await db.Participants.SingleAsync();
        Assert.Equal((device, width, height, input), (p.Device.ToString(), p.ViewportWidth, p.ViewportHeight, p.Input.ToString()));
    }

    [Fact]
    public async Task I_agree_after_reading_opens_the_study_in_the_client_that_started_behind_the_consent()
    {
        // The issue: the study page started the client only after "I agree" (2.5-2.8 s to a click's effect here).
        // Now the entry page starts it while the consent is read, and the press keeps that client: the document is
        // not reloaded, so nothing of the start is done twice.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        var csp = Browser.CspViolations(page);
        await page.GotoAsync($"{baseUri}?PROLIFIC_PID=PID-E&STUDY_ID=S&SESSION_ID=SE-E");
        await page.Locator("[data-testid=client-running]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync("() => window.sameDocument = true");
        await page.Locator("[data-testid=agree]").ClickAsync();
        await page.Locator("[data-testid=stage-Instructions]").WaitForAsync();
        Assert.StartsWith(new Uri(baseUri, "s/").ToString(), page.Url);
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the study page was a new document");
        var driver = new ParticipantDriver(page, "running-client", rounds: 1);
        await driver.ClickAsync("Practice", 2, "+");                        // the board answers, its script included
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Empty(csp);
        await using var db = _server.Db();
        Assert.Equal(Shared.Study.StudyStage.Instructions, (await db.Participants.SingleAsync()).Stage);
    }

    [Fact]
    public async Task I_do_not_agree_shows_its_note_and_stores_nothing_with_the_client_running_behind_the_consent()
    {
        // The entry page now loads Blazor's script, which handles links: "I do not agree" is a plain #declined link.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        await page.GotoAsync(baseUri.ToString());
        await page.Locator("[data-testid=client-running]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=decline]").ClickAsync();
        await page.Locator("[data-testid=declined]").WaitForAsync(); // visible
        Assert.EndsWith("#declined", page.Url);
        await using var db = _server.Db();
        Assert.Equal(0, await db.Participants.CountAsync());
    }
}
