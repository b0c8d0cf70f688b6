using System.Net;
using System.Text.RegularExpressions;
using ExpO.Shared.Study;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>The entry link's page as a browser without the client meets it: plain HTML, a plain form, redirects.</summary>
public sealed partial class EntryPageTests : ServerTest
{
    const string ProlificLink = "/?PROLIFIC_PID=PID-P&STUDY_ID=STUDY-P&SESSION_ID=SESSION-P";

    HttpClient Browser() => Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    static async Task<Dictionary<string, string>> FormOfAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"agree\"", html);
        return HiddenField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    async Task<int> ParticipantsAsync()
    {
        await using var db = Server.Db();
        return await db.Participants.CountAsync();
    }

    [Fact]
    public async Task The_consent_is_on_the_first_page_and_agreeing_enters_consents_and_opens_the_study()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"consent-text\"", await page.Content.ReadAsStringAsync());
        var form = await FormOfAsync(page);
        Assert.Equal(0, await ParticipantsAsync()); // reading the consent stores nothing

        var agreed = await browser.PostAsync("/", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, agreed.StatusCode);
        var study = agreed.Headers.Location!.OriginalString;
        Assert.StartsWith("/s/", study);
        // The press is written before the redirect: the participant exists and has consented.
        await using (var db = Server.Db())
        {
            var p = await db.Participants.SingleAsync();
            Assert.Equal((RecruitmentSource.Direct, StudyStage.Instructions), (p.Source, p.Stage));
            Assert.NotNull(p.ConsentedUtc);
        }
        var state = await Api().StateAsync(Uri.UnescapeDataString(study["/s/".Length..]));
        Assert.Equal(StudyStage.Instructions, state.Stage);

        // A second press of the same page (an impatient double click, a lost answer) opens the same participant, on
        // a new token (only token hashes are kept, so the first cannot be handed out again).
        var again = await browser.PostAsync("/", new FormUrlEncodedContent(form));
        var reopened = again.Headers.Location!.OriginalString;
        Assert.StartsWith("/s/", reopened);
        Assert.Equal(StudyStage.Instructions, (await Api().StateAsync(Uri.UnescapeDataString(reopened["/s/".Length..]))).Stage);
        Assert.Equal(1, await ParticipantsAsync());
    }

    [Fact]
    public async Task A_platform_link_carries_its_ids_through_the_form_and_brings_a_returning_participant_back()
    {
        var browser = Browser();
        var form = await FormOfAsync(await browser.GetAsync(ProlificLink));
        Assert.Equal(("PID-P", "STUDY-P", "SESSION-P"), (form["PROLIFIC_PID"], form["STUDY_ID"], form["SESSION_ID"]));
        var study = (await browser.PostAsync(ProlificLink, new FormUrlEncodedContent(form))).Headers.Location!.OriginalString;

        // The same link later, on any device: straight back to their page (on a new token), no one new stored.
        var back = await browser.GetAsync(ProlificLink);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var page = back.Headers.Location!.OriginalString;
        Assert.NotEqual(study, page);
        Assert.Equal(StudyStage.Instructions, (await Api().StateAsync(Uri.UnescapeDataString(page["/s/".Length..]))).Stage);
        Assert.Equal(1, await ParticipantsAsync());

        // Another session of the same person is refused on the page itself, with nothing to press.
        var other = await browser.GetAsync("/?PROLIFIC_PID=PID-P&STUDY_ID=STUDY-P&SESSION_ID=SESSION-2");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var html = await other.Content.ReadAsStringAsync();
        Assert.Contains("already taken part", html);
        Assert.DoesNotContain("data-testid=\"agree\"", html);
    }

    // Issue 20: the researchers could not tell a phone from a laptop. The entry form carries the window's size and
    // input (its script adds them when "I agree" is pressed); what is not a number is read as unknown, never refused.
    [Theory]
    [InlineData("390", "844", "touch", DeviceClass.Phone, 390, 844, InputKind.Touch)]      // a phone (the issue's 390x844)
    [InlineData("1366", "768", "mouse", DeviceClass.Desktop, 1366, 768, InputKind.Mouse)]  // a laptop
    [InlineData("820", "1180", "touch", DeviceClass.Tablet, 820, 1180, InputKind.Touch)]   // a tablet, upright
    [InlineData("abc", "-5", "pen", DeviceClass.Unknown, null, null, InputKind.Unknown)]   // nonsense: unknown, still entered
    [InlineData(null, null, null, DeviceClass.Unknown, null, null, InputKind.Unknown)]     // no script
    public async Task The_entry_records_the_device_class_window_size_and_input(string? width, string? height, string? input,
        DeviceClass device, int? expectedWidth, int? expectedHeight, InputKind expectedInput)
    {
        var browser = Browser();
        var form = await FormOfAsync(await browser.GetAsync("/"));
        if (width is not null) form["viewportWidth"] = width;
        if (height is not null) form["viewportHeight"] = height;
        if (input is not null) form["input"] = input;
        var agreed = await browser.PostAsync("/", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, agreed.StatusCode);
        await using var db = Server.Db();
        var p = await db.Participants.SingleAsync();
        Assert.Equal((device, expectedWidth, expectedHeight, expectedInput), (p.Device, p.ViewportWidth, p.ViewportHeight, p.Input));
        var csv = new MemoryStream();
        using (var scope = Server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ExpO.Server.Admin.StudyExports>().WriteAsync(StudyData.Entities.StudyDefinition.DefaultId, ExpO.Server.Admin.StudyExports.Find("participants.csv")!, csv, "test", default);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToArray();
        string Cell(string column) => lines[1][Array.IndexOf(lines[0], column)];
        Assert.Equal([device.ToString().ToLowerInvariant(), $"{expectedWidth}", $"{expectedHeight}", expectedInput.ToString().ToLowerInvariant()],
            [Cell("device"), Cell("viewport_width"), Cell("viewport_height"), Cell("input")]);
    }

    [Theory]
    [InlineData(0, 800, "viewportWidth")]
    [InlineData(400, 20_001, "viewportHeight")]
    public async Task The_API_refuses_a_window_size_that_is_not_one_naming_the_field_and_stores_nothing(int width, int height, string field)
    {
        var e = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(new ExpO.Shared.Study.Contracts.EntryRequest
        {
            Source = RecruitmentSource.Direct,
            ViewportWidth = width,
            ViewportHeight = height,
            Input = InputKind.Mouse,
        }));
        Assert.Equal(400, e.Status);
        Assert.Contains(field, e.Message);
        Assert.Equal(0, await ParticipantsAsync());
    }

    // Issue 20: a repeated assignmentId was read as missing, so the link entered a direct participant who ended on a bare
    // code with no Submit HIT. Every platform parameter, given twice on the link or in the form, is refused by name.
    [Theory]
    [InlineData("assignmentId", "MTurk")]
    [InlineData("hitId", "MTurk")]
    [InlineData("workerId", "MTurk")]
    [InlineData("turkSubmitTo", "MTurk")]
    [InlineData("PROLIFIC_PID", "Prolific")]
    [InlineData("STUDY_ID", "Prolific")]
    [InlineData("SESSION_ID", "Prolific")]
    public async Task A_platform_parameter_given_twice_is_refused_by_name_and_stores_nothing(string name, string platform)
    {
        var fields = platform == "MTurk"
            ? new List<KeyValuePair<string, string>>
              {
                  new("assignmentId", "A9"), new("hitId", "H"), new("workerId", "W9"), new("turkSubmitTo", "https://www.mturk.com"),
              }
            : [new("PROLIFIC_PID", "PID-9"), new("STUDY_ID", "S"), new("SESSION_ID", "SE-9")];
        fields.Add(new(name, "OTHER"));
        var query = "/?" + string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        var browser = Browser();

        var page = await browser.GetAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"gives {name} more than once", html);
        Assert.Contains(platform, html);
        Assert.DoesNotContain("data-testid=\"agree\"", html); // nothing to press

        // A form posted with the repeat (an older page, a crafted post) is refused the same way.
        var posted = await browser.PostAsync("/", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains($"gives {name} more than once", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()));
        Assert.Equal(0, await ParticipantsAsync());
    }

    [Fact]
    public async Task An_MTurk_preview_describes_the_task_offers_nothing_to_press_and_stores_nothing()
    {
        var page = await Browser().GetAsync($"/?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=H&turkSubmitTo={Uri.EscapeDataString(StudyServerFactory.TestTurkHost)}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"preview\"", html);
        Assert.Contains("5 short rounds", html);
        Assert.DoesNotContain("<form", html);
        // Issue 20: the preview showed neither the consent nor a picture of the task, so a worker accepted blind.
        Assert.Contains("data-testid=\"consent-text\"", html);
        var picture = System.Text.RegularExpressions.Regex.Match(html, "<img[^>]*src=\"([^\"]+)\"[^>]*data-testid=\"task-example\"");
        Assert.True(picture.Success, "the preview has no picture of the task");
        var image = await Browser().GetAsync("/" + picture.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Item 1", await image.Content.ReadAsStringAsync());
        Assert.Equal(0, await ParticipantsAsync());
    }

    public static TheoryData<string, HttpContent, HttpStatusCode, string> BadPosts => new()
    {
        { "json", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType, "sent as a web form" },
        { "long id", new FormUrlEncodedContent(new Dictionary<string, string> { ["PROLIFIC_PID"] = new('p', 129), ["STUDY_ID"] = "S", ["SESSION_ID"] = "X" }),
            HttpStatusCode.BadRequest, "longer than 128" },
        { "foreign submit host", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["assignmentId"] = "A", ["hitId"] = "H", ["workerId"] = "W", ["turkSubmitTo"] = "https://evil.example" }), HttpStatusCode.BadRequest, "turkSubmitTo" },
        { "missing session", new FormUrlEncodedContent(new Dictionary<string, string> { ["PROLIFIC_PID"] = "P", ["STUDY_ID"] = "S" }),
            HttpStatusCode.BadRequest, "SESSION_ID is missing" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task A_bad_entry_post_gets_a_page_that_says_why_offers_no_retry_and_stores_nothing(string _, HttpContent body, HttpStatusCode status, string message)
    {
        var answer = await Browser().PostAsync("/", body);
        Assert.Equal(status, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains(message, WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("data-testid=\"agree\"", html);
        Assert.Equal(0, await ParticipantsAsync());
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/s/abc/def")]
    public async Task A_browser_asking_for_an_unknown_address_gets_a_page_that_says_so(string path)
    {
        // Issue 12, defect 8: these answered an empty 404. (/admin addresses have the researchers' own page since issue 21:
        // AdminTests.A_browser_meets_every_refusal_as_a_page_never_json_nor_a_500.)
        var answer = await Browser().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("the link you were given", await answer.Content.ReadAsStringAsync());
    }
}

/// <summary>What browsers may keep: pages and API answers never; client files by MapStaticAssets' rule.</summary>
public sealed class CachingTests : ServerTest
{
    [Fact]
    public async Task The_entry_page_starts_the_client_whose_files_are_cached_and_pages_and_the_API_are_never_stored()
    {
        var http = Server.CreateClient();
        var entry = await http.GetAsync("/");
        Assert.Contains("no-store", entry.Headers.CacheControl!.ToString());
        Assert.Contains("no-store", (await http.GetAsync("/api/v1/study")).Headers.CacheControl!.ToString());

        var html = await entry.Content.ReadAsStringAsync();
        // The consent page starts the client behind the reading (issue 20): Blazor's script and a WebAssembly
        // component's marker; a preview, with nothing to press, does not.
        Assert.Matches("<script src=\"_framework/blazor\\.web(\\.[a-z0-9]+)?\\.js\"", html);
        Assert.Contains("\"type\":\"webassembly\"", WebUtility.HtmlDecode(html));
        var preview = await (await http.GetAsync("/?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=H")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("blazor.web", preview);

        var boot = Server.Services.GetRequiredService<ExpO.Server.Pages.ClientBootFiles>().BootAssets.Select(a => a.Url).ToList();
        // The client's runtime and its own assembly are among its files, by fingerprinted name (name.hash.ext).
        Assert.Contains(boot, u => Regex.IsMatch(u, @"^_framework/dotnet\.native\.[a-z0-9]+\.wasm$"));
        Assert.Contains(boot, u => Regex.IsMatch(u, @"^_framework/ExpO\.Client\.[a-z0-9]+\.wasm$"));
        Assert.DoesNotContain(boot, u => u.Contains("MathNet") || u.Contains("Science") || u.Contains("MudBlazor"));
        var file = await http.GetAsync(boot.First(u => u.Contains("ExpO.Client")));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        // The file keeps MapStaticAssets' own rule: a year and immutable from a publish's manifest (the repeat visit of
        // bench/page.sh: 16 KB), revalidation from a build's; never the pages' no-store.
        Assert.DoesNotContain("no-store", file.Headers.CacheControl!.ToString());
    }
}
