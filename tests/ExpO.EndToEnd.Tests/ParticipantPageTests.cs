using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>What using the page is like: accessibility on every stage, a round by keyboard only, a phone that does not
/// shift under the finger, the resume link.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ParticipantPageTests(Browser browser) : IDisposable
{
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "1" });

    public void Dispose() => _server.Dispose();

    async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>axe-core's serious and critical findings on what the page shows now, one line each.</summary>
    static async Task<List<string>> SeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}").ToList();
    }

    [Fact]
    public async Task Every_stage_passes_an_automated_accessibility_check()
    {
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        var found = new List<string>();
        var driver = new ParticipantDriver(page, "axe", rounds: 1) { AtStage = async stage => found.AddRange(await SeriousViolationsAsync(page, stage)) };
        await page.GotoAsync(baseUri.ToString());
        await driver.PlayStudyAsync();
        await page.Locator("[data-testid=complete]").WaitForAsync();
        found.AddRange(await SeriousViolationsAsync(page, "complete"));
        await page.GotoAsync(new Uri(baseUri, "no-such-page").ToString());
        found.AddRange(await SeriousViolationsAsync(page, "not found"));
        await page.GotoAsync($"{baseUri}?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=H");
        found.AddRange(await SeriousViolationsAsync(page, "preview"));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    static Task<string> FocusedAsync(IPage page) => page.EvaluateAsync<string>("""
        () => { const e = document.activeElement; const side = e.closest('[data-testid^=condition-]'); const item = e.closest('[data-testid^=item-]');
                return [side?.dataset.testid, item?.dataset.testid, e.dataset.testid].join(' '); }
        """);

    static async Task<(int Row, int Column)> FocusCellAsync(IPage page)
    {
        var cell = await page.EvaluateAsync<int[]>("""
            () => { const e = document.activeElement; const rows = [...e.closest('[data-board]').querySelectorAll('tbody tr')];
                    return [rows.indexOf(e.closest('tr')), e.classList.contains('plus') ? 1 : 0]; }
            """);
        return (cell[0], cell[1]);
    }

    [Fact]
    public async Task A_round_can_be_played_by_keyboard_alone_with_each_board_one_tab_stop_and_arrows_inside()
    {
        // Issue 12, defect 4: every +/- dropped the focus to the page. Issue 20: one round of 16 clicks still took 220
        // key presses, and 22 Tabs through the practice board before "I'm ready". Now each board is one tab stop, the
        // arrows move inside it, and a finished side hands the focus on to what is left.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        await page.GotoAsync(baseUri.ToString());
        await PressUntilFocusedAsync(page, "[data-testid=agree]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=condition-Practice] [data-testid=plus]").First.WaitForAsync();
        await PressUntilFocusedAsync(page, "[data-testid=condition-Practice] .step-button");
        await page.Keyboard.PressAsync("Tab");                            // the practice board is one stop: the next is "I'm ready"
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('[data-testid=start-rounds]')"),
            $"after the practice board, Tab reached {await FocusedAsync(page)}");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=stage-Round]").WaitForAsync();

        await PressUntilFocusedAsync(page, "[data-testid=condition-A] .step-button");
        Assert.Equal("condition-A item-1 minus", await FocusedAsync(page));
        await page.Keyboard.PressAsync("Tab");                            // A's board is one stop: the next is B's
        Assert.Equal("condition-B item-1 minus", await FocusedAsync(page));
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("condition-A item-1 minus", await FocusedAsync(page));

        var driver = new ParticipantDriver(page, "keyboard", rounds: 1);
        var policy = new ClosestChangePolicy();
        var rng = new Random(3);
        int presses = 0, clicks = 0;
        foreach (var side in new[] { "A", "B" })
        {
            Assert.StartsWith($"condition-{side} ", await FocusedAsync(page)); // A from the start, B handed on when A finished
            for (var s = await driver.ReadAsync(side); !s.Done; s = await driver.ReadAsync(side))
            {
                var (item, direction) = policy.Choose(s.AsView(), rng);
                var (row, column) = (item - 1, direction == ExpO.Shared.Study.Direction.Up ? 1 : 0);
                for (var at = await FocusCellAsync(page); at != (row, column); at = await FocusCellAsync(page), presses++)
                    await page.Keyboard.PressAsync(at.Row != row ? (at.Row < row ? "ArrowDown" : "ArrowUp") : (at.Column < column ? "ArrowRight" : "ArrowLeft"));
                var target = $"condition-{side} item-{item} {(column == 1 ? "plus" : "minus")}";
                Assert.Equal(target, await FocusedAsync(page));
                // The ring is visible on the focused button (keyboard focus: :focus-visible).
                Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
                await page.Keyboard.PressAsync("Enter");
                presses++;
                await page.WaitForFunctionAsync("([c, n]) => document.querySelector(`[data-testid=condition-${c}]`).dataset.steps == n",
                    new object[] { side, (s.Steps + 1).ToString() });
                clicks++;
                if (!(await driver.ReadAsync(side)).Done) Assert.Equal(target, await FocusedAsync(page)); // still there for the next press
            }
        }
        // Both sides done: the focus is on the one thing left to press, and the page never scrolled the arrows away.
        await page.WaitForFunctionAsync("() => document.activeElement?.matches('[data-testid=to-questions]')");
        // An arrow move is at most 10 rows and one column: 12 presses a click is the most a board of 11 items can need.
        Assert.True(clicks > 0 && presses <= 12 * clicks, $"{presses} key presses for {clicks} clicks");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=useful]").WaitForAsync();
    }

    static async Task PressUntilFocusedAsync(IPage page, string selector, int most = 60)
    {
        for (int i = 0; i < most; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"{selector} was not reached with {most} Tab presses");
    }

    [Fact]
    public async Task On_a_phone_each_stage_opens_at_its_top_and_nothing_moves_under_the_finger()
    {
        // Issue 12, defect 5: round 1 opened scrolled down to Condition B (the instructions' scroll position), and the
        // buttons jumped about 75 px after the first click.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync(390, 844);
        await page.GotoAsync(baseUri.ToString());
        await page.Locator("[data-testid=agree]").ClickAsync();
        await page.Locator("[data-testid=start-rounds]").WaitForAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 200, "the instructions should be long enough to scroll on a phone");
        await page.Locator("[data-testid=start-rounds]").ClickAsync();
        await page.Locator("[data-testid=stage-Round]").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));

        var driver = new ParticipantDriver(page, "phone-shift", rounds: 1);
        async Task<double[]> ButtonsAsync() => await page.EvaluateAsync<double[]>(
            "() => [...document.querySelectorAll('[data-testid=plus]')].map(b => b.getBoundingClientRect().top + window.scrollY)");
        var before = await ButtonsAsync();
        await driver.ClickAsync("A", 1, "+");
        Assert.Equal(before, await ButtonsAsync());     // the first click's "last change" text moves nothing
        await driver.PlayConditionAsync("A");
        Assert.Equal(before, await ButtonsAsync());     // nor does A's "finished" note, above B on a phone
        await driver.PlayConditionAsync("B");
        await page.Locator("[data-testid=to-questions]").ClickAsync();
        await page.Locator("[data-testid=useful]").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY")); // the questions open at their top too
    }

    [Fact]
    public async Task A_direct_participant_is_shown_their_own_link_and_it_brings_them_back()
    {
        // Issue 12, defect 6: the resume link /s/{token} was never shown to direct or pilot participants.
        var baseUri = _server.StartOnLoopback();
        var page = await NewPageAsync();
        await page.GotoAsync(baseUri.ToString());
        await page.Locator("[data-testid=agree]").ClickAsync();
        var shown = await page.Locator("[data-testid=resume-url]").InputValueAsync();
        Assert.Equal(page.Url, shown);
        Assert.StartsWith(new Uri(baseUri, "s/").ToString(), shown);

        var elsewhere = await NewPageAsync(390, 844); // another device
        await elsewhere.GotoAsync(shown);
        await elsewhere.Locator("[data-testid=stage-Instructions]").WaitForAsync();
        Assert.Equal(shown, await elsewhere.Locator("[data-testid=resume-url]").InputValueAsync());
    }
}
