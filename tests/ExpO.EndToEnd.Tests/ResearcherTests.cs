using ExpO.Shared.Study;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>A researcher in the browser: signs in, watches the dashboard move while a simulated participant plays, downloads data.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ResearcherTests(Browser browser) : IDisposable
{
    internal const string Email = "lead@study.example", Password = "correct horse battery";
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "1", ["Admin:Email"] = Email, ["Admin:Password"] = Password });

    public void Dispose() => _server.Dispose();

    /// <summary>A new browser context signed in as the researcher, on the dashboard.</summary>
    async Task<(IBrowserContext Context, IPage Page)> SignedInAsync(Uri baseUri)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await SignInAsync(page, baseUri);
        return (context, page);
    }

    /// <summary>Signs in on the sign-in page as a researcher would, and waits for the dashboard.</summary>
    internal static async Task SignInAsync(IPage page, Uri baseUri)
    {
        await page.GotoAsync(new Uri(baseUri, "admin/sign-in").ToString());
        await page.Locator("[data-testid=email]").FillAsync(Email);
        await page.Locator("[data-testid=password]").FillAsync(Password);
        await page.Locator("[data-testid=submit]").ClickAsync();
        await page.Locator("[data-testid=dashboard]").WaitForAsync();
    }

    [Fact]
    public async Task A_researcher_signs_in_watches_the_dashboard_change_without_a_reload_and_downloads_the_data()
    {
        var baseUri = _server.StartOnLoopback();
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUri, "admin").ToString());
        Assert.EndsWith("/admin/sign-in", new Uri(page.Url).AbsolutePath);     // signed out: sent to sign in
        await page.Locator("[data-testid=email]").FillAsync(Email);
        await page.Locator("[data-testid=password]").FillAsync(Password);
        await page.Locator("[data-testid=submit]").ClickAsync();
        await page.Locator("[data-testid=dashboard]").WaitForAsync();
        var finished = page.Locator("[data-testid=group-all-people] [data-testid=finished]");
        Assert.Equal("0", await finished.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-1-dashboard-empty"), FullPage = true });

        // A participant plays the whole study through the API meanwhile; the page is not reloaded.
        var navigations = 0;
        page.FrameNavigated += (_, f) => { if (f == page.MainFrame) navigations++; };
        using var http = new HttpClient { BaseAddress = baseUri };
        var participant = new SimulatedParticipant(new StudyApiClient(http), new ClosestChangePolicy(), 5);
        await participant.EnterDirectAsync();
        await participant.PlayToEndAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=group-all-people] [data-testid=finished]')?.textContent === '1'",
            null, new() { Timeout = 20_000 });
        Assert.Equal(0, navigations);
        Assert.Equal("1", await page.Locator("[data-testid=group-all-people] [data-testid=started]").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-2-dashboard-live"), FullPage = true });

        // The participant's replay: a chart per side with one point per step and the start.
        await page.Locator("[data-testid=participants-link]").ClickAsync();
        await page.Locator("[data-testid=participants] a").First.ClickAsync();
        await page.Locator("[data-testid=replay]").WaitForAsync();
        var points = await page.Locator("[data-testid=round-1] [data-testid=price-chart]").EvaluateAllAsync<int[]>("cs => cs.map(c => c.querySelectorAll('circle').length)");
        var steps = await page.Locator("[data-testid=round-1] [data-testid=price-chart]").EvaluateAllAsync<int[]>("cs => cs.map(c => Number(c.dataset.points))");
        Assert.Equal(2, points.Length);
        Assert.Equal(steps.Select(s => s + 1), points);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-3-replay"), FullPage = true });
        await page.GoBackAsync();
        await page.GoBackAsync();

        // The analysis page, with its plots, for the one participant.
        await page.Locator("[data-testid=analysis-link]").ClickAsync();
        // A bin no round fell into is a bar of height 0 (hidden); which bins are empty depends on the rounds played.
        await page.Locator("[data-testid=histogram] rect:not([height='0'])").First.WaitForAsync();
        Assert.Equal("1 of 1 participants kept.", await page.Locator("[data-testid=kept]").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-4-analysis"), FullPage = true });
        await page.GoBackAsync();

        // Every export downloads as a file.
        foreach (var file in ExpO.Server.Admin.StudyExports.All.Select(e => e.File))
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid='export-{file}']").ClickAsync());
            Assert.Equal($"expo-{file}", download.SuggestedFilename);
            var path = await download.PathAsync();
            Assert.True(new FileInfo(path!).Length > 0, $"{file} is empty");
        }
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.GotoAsync(new Uri(baseUri, "admin").ToString());
        Assert.EndsWith("/admin/sign-in", new Uri(page.Url).AbsolutePath);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_participants_table_searches_and_sorts_in_the_browser()
    {
        var baseUri = _server.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUri };
        // Newest first by default: a direct participant, an agent, another direct one.
        foreach (var source in new[] { RecruitmentSource.Direct, RecruitmentSource.Agent, RecruitmentSource.Direct })
            await new StudyApiClient(http).EnterAsync(new Shared.Study.Contracts.EntryRequest { Source = source });
        var (context, page) = await SignedInAsync(baseUri);
        var blocked = Browser.CspViolations(page);
        await page.GotoAsync(new Uri(baseUri, "admin/participants").ToString());
        var sources = page.Locator("[data-testid=participants] tbody tr td:nth-child(2)");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=participants] tbody tr').length === 3");
        Assert.Equal(["Direct", "Agent", "Direct"], (await sources.AllTextContentsAsync()).Select(t => t.Trim()));

        // The search box works once the table is live on the server (the circuit); typing narrows the rows.
        await page.Locator("[data-testid=participants-island][data-live=true]").WaitForAsync();
        var search = page.Locator("input[data-testid=search]");
        await search.FillAsync("agent");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=participants] tbody tr').length === 1", null, new() { Timeout = 20_000 });
        Assert.Equal(["Agent"], (await sources.AllTextContentsAsync()).Select(t => t.Trim()));
        await search.FillAsync("");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=participants] tbody tr').length === 3");

        // Sorting by source (the enum's order: direct before agent) moves the agent to the end.
        await page.Locator("[data-testid=participants] th", new() { HasText = "source" }).Locator(".sortable-column-header").ClickAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=participants] tbody tr td:nth-child(2)')].map(t => t.textContent.trim()).join() === 'Direct,Direct,Agent'",
            null, new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-5-participants-grid"), FullPage = true });
        Assert.Empty(blocked); // the interactive grid (Blazor Server, MudBlazor) runs under the admin pages' policy
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_researcher_plays_simulated_participants_from_the_dashboard_and_watches_them_finish()
    {
        var baseUri = _server.StartOnLoopback();
        var (context, page) = await SignedInAsync(baseUri);
        await page.Locator("[data-testid=agent-count]").FillAsync("3");
        await page.Locator("[data-testid=play-agents]").ClickAsync();
        // The agents play through the server's own API; the dashboard's agent row counts them as they finish.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=group-agent] [data-testid=finished]')?.textContent === '3'",
            null, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=agent-run]')?.dataset.running === 'false'", null, new() { Timeout = 20_000 });
        Assert.Contains("3 of 3 finished, 0 capped, 0 failed", await page.Locator("[data-testid=agent-run]").TextContentAsync());
        Assert.Equal("0", await page.Locator("[data-testid=group-all-people] [data-testid=started]").TextContentAsync()); // agents are not people
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-6-agents"), FullPage = true });
        await context.CloseAsync();
    }
}

/// <summary>Issue 21: the researchers' pages as one application, looked at on a laptop and a phone.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ResearcherLayoutTests(Browser browser) : IDisposable
{
    readonly StudyServerFactory _server = new(new()
    {
        ["Study:Settings:Rounds"] = "1",
        ["Admin:Email"] = ResearcherTests.Email,
        ["Admin:Password"] = ResearcherTests.Password,
    });

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Every_researchers_page_has_the_app_bar_and_navigation_and_fits_the_window(int width, int height)
    {
        var baseUri = _server.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUri };
        var participant = new SimulatedParticipant(new StudyApiClient(http), new ClosestChangePolicy(), 3);
        await participant.EnterDirectAsync();
        await participant.PlayToEndAsync();
        // A second study, so the app bar carries the study picker too.
        Assert.Equal(0, await ExpO.Server.Hosting.ServerCommandLine.RunAsync(["study", "create", "--name", "wine", "--bundles", "wine-none,wine-expo",
            $"--Database:Path={_server.DatabasePath}", $"--Study:ModelsPath={Path.Combine(RepoFiles.Root, "models")}"], TextWriter.Null, TextWriter.Null));
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUri, "admin/sign-in").ToString());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"admin-layout-sign-in-{width}x{height}"), FullPage = true });
        await ResearcherTests.SignInAsync(page, baseUri);

        await page.GotoAsync(new Uri(baseUri, "admin/participants").ToString());
        var replay = await page.Locator("[data-testid=participants] tbody a").First.GetAttributeAsync("href");
        foreach (var (path, name) in new[] { ("admin", "dashboard"), ("admin/participants", "participants"), (replay!.TrimStart('/'), "replay"),
                     ("admin/analysis", "analysis"), ("admin/datasets", "datasets"), ("admin/payments", "payments"), ("admin/settings", "settings"),
                     ("admin/studies", "studies") })
        {
            await page.GotoAsync(new Uri(baseUri, path).ToString());
            await page.Locator(".admin-bar [data-testid=study-state]").WaitForAsync();
            Assert.Equal("open", (await page.Locator("[data-testid=study-state]").TextContentAsync())!.Trim());
            Assert.Equal(7, await page.Locator("nav.admin-nav a").CountAsync());
            Assert.True(await page.Locator("[data-testid=study-choice]").IsVisibleAsync(), $"{name}: the study picker is in view");
            // The bar's items may wrap on a phone, but stay in the bar: sign-out never lies over the navigation.
            var (signOut, nav) = (await page.Locator("[data-testid=sign-out]").BoundingBoxAsync(), await page.Locator("nav.admin-nav").BoundingBoxAsync());
            Assert.True(signOut!.Y + signOut.Height <= nav!.Y + 1, $"{name} at {width}x{height}: sign-out ends at {signOut.Y + signOut.Height}, the navigation starts at {nav.Y}");
            // Nothing wider than the window: wide tables scroll inside their card, never the page.
            var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (scroll, inner) = (size[0], size[1]);
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"admin-layout-{name}-{width}x{height}"), FullPage = true });
            Assert.True(scroll <= inner, $"{name} at {width}x{height}: the page is {scroll} px wide in a {inner} px window");
        }

        await page.GotoAsync(new Uri(baseUri, "admin/participants").ToString());
        await page.Locator("[data-testid=participants-island][data-live=true]").WaitForAsync();
        var link = page.Locator("[data-testid=participants] tbody a").First;
        var decoration = await link.EvaluateAsync<string>("a => getComputedStyle(a).textDecorationLine + ' ' + a.outerHTML + ' ' + a.closest('.participants-grid')");
        Assert.StartsWith("underline", decoration);
        Assert.Equal("none", await page.Locator("[data-testid=participants] th").First.EvaluateAsync<string>("th => getComputedStyle(th).userSelect"));
        if (width >= 1366)
        {
            // The columns shown at first all fit a laptop's width (12 columns needed 2,141 px in a 1,120 px box).
            var grid = await page.Locator("[data-testid=participants] .mud-table-container").EvaluateAsync<int[]>("c => [c.scrollWidth, c.clientWidth]");
            var (content, box) = (grid[0], grid[1]);
            var widths = await page.Locator("[data-testid=participants] thead th").EvaluateAllAsync<string[]>("ths => ths.map(t => t.textContent.trim() + ':' + Math.round(t.getBoundingClientRect().width) + ':' + getComputedStyle(t).minWidth)");
            var table = await page.Locator("[data-testid=participants] table").EvaluateAsync<string>("t => t.getAttribute('style') + ' ' + t.className + ' ' + getComputedStyle(t).tableLayout + ' ' + getComputedStyle(t).width");
            var th = await page.Locator("[data-testid=participants] thead th").Nth(1).EvaluateAsync<string>("t => t.outerHTML");
            Assert.True(content <= box, $"the grid's columns need {content} px in a {box} px box: {string.Join(", ", widths)} {table} {th}");
        }
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_researcher_leaves_a_pilot_out_from_the_replay_and_reviews_an_mturk_batch_on_the_payments_page()
    {
        var baseUri = _server.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUri };
        var pilot = new SimulatedParticipant(new StudyApiClient(http), new ClosestChangePolicy(), 4);
        await pilot.EnterAsync(new Shared.Study.Contracts.EntryRequest
        {
            Source = RecruitmentSource.Mturk,
            WorkerId = "AWORKERPILOT",
            AssignmentId = "ASSIGNPILOT",
            HitId = "HIT",
            TurkSubmitTo = StudyServerFactory.TestTurkHost,
        });
        await pilot.PlayToEndAsync();
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, AcceptDownloads = true });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await ResearcherTests.SignInAsync(page, baseUri);

        // The replay: a reason, the button, and the exclusion is shown with who made it.
        await page.Locator("[data-testid=participants-link]").ClickAsync();
        await page.Locator("[data-testid=participants] tbody a").First.ClickAsync();
        await page.Locator("[data-testid=exclusion-reason]").FillAsync("pilot run by the team");
        await page.Locator("[data-testid=exclude]").ClickAsync();
        Assert.Contains($"Left out of the analysis by {ResearcherTests.Email}", await page.Locator("[data-testid=excluded]").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-7-excluded"), FullPage = true });

        // Payments: MTurk's batch results (the columns that matter here, in its order) with our worker and one we never saw.
        var batch = Path.Combine(Path.GetTempPath(), $"batch-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(batch, "\"HITId\",\"AssignmentId\",\"WorkerId\",\"AssignmentStatus\",\"Answer.completionCode\",\"Approve\",\"Reject\"\n" +
            "\"HIT\",\"ASSIGNPILOT\",\"AWORKERPILOT\",\"Submitted\",\"\",\"\",\"\"\n\"HIT\",\"ASSIGNOTHER\",\"AWORKEROTHER\",\"Submitted\",\"X\",\"\",\"\"\n");
        await page.Locator("[data-testid=payments-link]").ClickAsync();
        await page.Locator("[data-testid=payments-file]").SetInputFilesAsync(batch);
        await page.Locator("[data-testid=review-payments]").ClickAsync();
        // The pilot finished but is excluded: review; the stranger never entered: reject.
        Assert.Equal("0 to approve, 1 to review, 1 to reject.", (await page.Locator("[data-testid=payments-counts]").TextContentAsync())!.Trim());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-8-payments"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-mturk-batch]").ClickAsync());
        var back = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.Equal(3, back.Length);
        Assert.EndsWith(",,", back[1]);                     // review: both columns left for the researcher
        Assert.Contains("no record of this submission", back[2]);
        File.Delete(batch);
        await context.CloseAsync();
    }
}
