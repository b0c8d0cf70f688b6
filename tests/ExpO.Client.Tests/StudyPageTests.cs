using Bunit;
using ExpO.Client.Components;
using ExpO.Client.Pages;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Client.Tests;

public class StudyPageTests : ClientTestContext
{
    [Fact]
    public void An_unknown_link_offers_no_try_again_but_an_unreachable_server_does()
    {
        // Issue 12, item 9: "Try again" showed for every failure, also where trying again cannot help.
        Api.StateError = new StudyApiException(404, "This study link is not known.", StudyProblemTypes.UnknownLink);
        var unknown = Render<StudyPage>(p => p.Add(x => x.Token, "nope"));
        unknown.WaitForAssertion(() => Assert.Contains("not known", unknown.Find("[data-testid=page-error]").TextContent));
        Assert.Empty(unknown.FindAll("[data-testid=retry]"));

        Api.StateError = new StudyApiException(0, "We could not reach the study server.");
        var offline = Render<StudyPage>(p => p.Add(x => x.Token, "tok"));
        offline.WaitForAssertion(() => Assert.Single(offline.FindAll("[data-testid=retry]")));
    }

    [Fact]
    public void The_page_shows_the_stage_the_server_wrote_into_it_without_a_request()
    {
        // Issue 20: the client asked for the study, the state and the practice board before it could show anything.
        var practice = new PracticeResponse(new double[11], View(Condition.A) with { Condition = null });
        var state = new ParticipantState(StudyStage.Instructions, 0, 5, null, null);
        var json = System.Text.Json.JsonSerializer.Serialize(new StudyPageData(new StudyInfo("Preloaded study", "Consent.", 5, 11, "15", "housing", StudyQuantity.HousePrice), state, practice),
            StudyJsonContext.Default.StudyPageData);
        var cut = Render<StudyPage>(p => p.Add(x => x.Token, "tok").Add(x => x.Preloaded, json));
        Assert.NotNull(cut.Find("[data-testid=stage-Instructions]"));
        Assert.Equal(11, cut.FindAll("[data-testid=condition-Practice] [data-testid=plus]").Count); // the board, at once
        Assert.Equal(0, Api.StateCalls);                      // and the fake's practice call would have thrown
    }

    [Theory]
    [InlineData(true, "Copied.")]
    [InlineData(false, "select the link above")]
    public void The_resume_link_is_the_full_address_and_copying_says_how_it_went(bool allowed, string status)
    {
        JSInterop.Setup<bool>("expoStudy.copy", _ => true).SetResult(allowed);
        var cut = Render<ResumeLink>(p => p.Add(x => x.Path, "/s/abc"));
        Assert.Equal("http://localhost/s/abc", cut.Find("[data-testid=resume-url]").GetAttribute("value"));
        cut.Find("[data-testid=copy-resume]").Click();
        cut.WaitForAssertion(() => Assert.Contains(status, cut.Find("[data-testid=copy-status]").TextContent));
        var copied = Assert.Single(JSInterop.Invocations, i => i.Identifier == "expoStudy.copy");
        Assert.Equal("http://localhost/s/abc", copied.Arguments[0]);
    }

    [Fact]
    public void A_click_the_server_asked_to_wait_for_is_explained_until_it_goes_out()
    {
        var cut = Render<WaitNotice>();
        Assert.Empty(cut.FindAll("[data-testid=wait-notice]"));
        Waits.Report(TimeSpan.FromSeconds(2.2)); // what StudyApiClient reports on a 429 with Retry-After
        cut.WaitForAssertion(() => Assert.Contains("sent again in 3 s", cut.Find("[data-testid=wait-notice]").TextContent));
        Waits.Report(null);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=wait-notice]")));
    }

    [Fact]
    public void The_MTurk_submit_takes_the_assignment_from_the_pages_own_link_and_without_it_asks_to_reopen_the_HIT()
    {
        // The server keeps only a keyed hash of the assignmentId (deployment issue): the page's link carries it.
        var completion = new CompletionView(CompletionKind.Mturk, "C0DE", "https://workersandbox.mturk.com/mturk/externalSubmit", null,
            [new FormField("completionCode", "C0DE")]);
        var form = Render<CompletionStep>(p => p.Add(x => x.Completion, completion).Add(x => x.AssignmentId, "ASSIGN-9"));
        Assert.Equal("ASSIGN-9", form.Find("[data-testid=mturk-form] input[name=assignmentId]").GetAttribute("value"));
        Assert.Empty(form.FindAll("[data-testid=mturk-reopen]"));

        var without = Render<CompletionStep>(p => p.Add(x => x.Completion, completion));
        Assert.Empty(without.FindAll("[data-testid=mturk-form]"));
        Assert.Contains("open this HIT again", without.Find("[data-testid=mturk-reopen]").TextContent);
    }

    [Fact]
    public void Platform_participants_get_no_resume_box()
    {
        var cut = Render<ResumeLink>(p => p.Add(x => x.Path, (string?)null));
        Assert.Empty(cut.FindAll("[data-testid=resume]"));
    }
}
