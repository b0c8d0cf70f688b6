using ExpO.Shared.Study;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>A researcher in the browser: signs in, watches the dashboard move while a simulated participant plays, downloads data.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ResearcherTests(Browser browser) : IDisposable
{
    const string Email = "lead@study.example", Password = "correct horse battery";
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "1", ["Admin:Email"] = Email, ["Admin:Password"] = Password });

    public void Dispose() => _server.Dispose();

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
        await page.Locator("[data-testid=histogram] rect").First.WaitForAsync();
        Assert.Equal("1 of 1 participants kept.", await page.Locator("[data-testid=kept]").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("admin-4-analysis"), FullPage = true });
        await page.GoBackAsync();

        // Every export downloads as a file.
        foreach (var file in new[] { "participants.csv", "steps.csv", "answers.json", "published.txt" })
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
}
