using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>
/// A second study beside the paper's, in Chromium: the wine study (models/wine-none and wine-expo, MAPLE) at its own
/// link, from consent to completion, in its own words and unit; and the researchers' studies page that made it.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class WineStudyInBrowserTests(Browser browser) : IDisposable
{
    readonly StudyServerFactory _server = new(new()
    {
        ["Study:Settings:Rounds"] = "1",
        ["Admin:Email"] = ResearcherTests.Email,
        ["Admin:Password"] = ResearcherTests.Password,
    });

    public void Dispose() => _server.Dispose();

    async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await browser.Instance.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_researcher_creates_the_wine_study_and_a_participant_takes_it_at_its_link_in_its_own_words()
    {
        var baseUri = _server.StartOnLoopback();
        var admin = await NewPageAsync(1366, 768);
        await ResearcherTests.SignInAsync(admin, baseUri);
        await admin.GotoAsync(new Uri(baseUri, "admin/studies").ToString());
        await admin.Locator("[data-testid=name]").FillAsync("wine");
        await admin.Locator("[data-testid=title]").FillAsync("Help a computer model judge a wine");
        await admin.Locator("[data-testid=control]").SelectOptionAsync("wine-none");
        await admin.Locator("[data-testid=treatment]").SelectOptionAsync("wine-expo");
        await admin.Locator("[data-testid=explainer]").SelectOptionAsync("maple");
        await admin.Locator("[data-testid=quantity]").FillAsync("quality");
        await admin.Locator("[data-testid=subject]").FillAsync("wine");
        await admin.Locator("[data-testid=suffix]").FillAsync(" points");
        await admin.Locator("[data-testid=open]").CheckAsync();
        await admin.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("wine-0-study-form"), FullPage = true });
        await admin.Locator("[data-testid=create]").ClickAsync();
        await admin.Locator("[data-testid=created]").WaitForAsync();
        await admin.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("wine-0-studies"), FullPage = true });
        Assert.Equal("wine", await admin.Locator("[data-testid=study-choice]").InputValueAsync()); // the pages now show it

        var page = await NewPageAsync(390, 844);
        var blocked = Browser.CspViolations(page);
        await page.GotoAsync(new Uri(baseUri, "study/wine").ToString());
        Assert.Equal("Help a computer model judge a wine", await page.TitleAsync());
        Assert.Contains("set the quality of a wine", await page.Locator("[data-testid=stage-Consent]").InnerTextAsync());
        var driver = new ParticipantDriver(page, "wine", rounds: 1);
        await driver.PlayStudyAsync(async round =>
        {
            var panel = page.Locator("[data-testid=condition-A]");
            Assert.Contains("Predicted quality", await panel.TextContentAsync());
            // Red wine quality is rated 3 to 8 in the data (data/README.md), written with two decimals and the unit.
            var shown = await panel.Locator("[data-testid=price]").InnerTextAsync();
            Assert.Matches(@"^\d\.\d\d points$", shown);
            Assert.InRange((await driver.ReadAsync("A")).Price, 2, 9);
        });
        await page.Locator("[data-testid=stage-Complete]").WaitForAsync();
        await driver.ShotAsync("7-complete");
        Assert.Empty(blocked);

        await using var db = _server.Db();
        var p = await db.Participants.Include(x => x.Rounds).ThenInclude(r => r.Conditions).SingleAsync();
        Assert.Equal((StudyStage.Complete, "wine"), (p.Stage, (await db.Studies.SingleAsync(s => s.Id == p.StudyDefinitionId)).Name));
        Assert.Equal(["wine-expo", "wine-none"], p.Rounds.Single().Conditions.Select(c => c.ModelName).Order());
    }
}
