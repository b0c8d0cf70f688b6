using Bunit;
using ExpO.Client.Pages;
using ExpO.Shared.Participants;
using ExpO.Shared.Study;
using ExpO.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Client.Tests;

public class EntryTests : ClientTestContext
{
    [Fact]
    public void Trying_again_after_a_failed_start_sends_the_same_entry_id_and_then_opens_the_study()
    {
        Api.NextEntryError = new StudyApiException(0, "We could not reach the study server.");
        var cut = Render<Entry>();
        cut.Find("[data-testid=start]").Click();

        cut.WaitForAssertion(() => Assert.Contains("could not reach", cut.Find("[data-testid=entry-message]").TextContent));
        var retry = cut.Find("[data-testid=start]");
        Assert.Contains("Try again", retry.TextContent);
        retry.Click();

        var nav = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/s/tok", nav.Uri));
        Assert.Equal(2, Api.Entries.Count);
        Assert.All(Api.Entries, e => Assert.Equal(RecruitmentSource.Direct, e.Source));
        Assert.NotEqual(Guid.Empty, Api.Entries[0].ClientEntryId ?? Guid.Empty);
        Assert.Equal(Api.Entries[0].ClientEntryId, Api.Entries[1].ClientEntryId);
    }

    [Fact]
    public void A_Prolific_link_that_failed_to_start_offers_to_try_again_with_the_same_entry()
    {
        Api.NextEntryError = new StudyApiException(503, "The study server is busy.");
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/?PROLIFIC_PID=P1&STUDY_ID=S1&SESSION_ID=X1");
        var cut = Render<Entry>();

        cut.WaitForAssertion(() => Assert.Contains("Try again", cut.Find("[data-testid=start]").TextContent));
        cut.Find("[data-testid=start]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/s/tok", nav.Uri));
        Assert.Equal(2, Api.Entries.Count);
        Assert.All(Api.Entries, e => Assert.Equal((RecruitmentSource.Prolific, "P1"), (e.Source, e.ProlificPid)));
        Assert.Equal(Api.Entries[0].ClientEntryId, Api.Entries[1].ClientEntryId);
    }

    [Fact]
    public void Someone_who_already_took_part_gets_the_message_and_no_button()
    {
        Api.NextEntryError = new StudyApiException(409, "You have already taken part.", StudyProblemTypes.AlreadyParticipated);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?PROLIFIC_PID=P1&STUDY_ID=S1&SESSION_ID=X2");
        var cut = Render<Entry>();

        cut.WaitForAssertion(() => Assert.Contains("already taken part", cut.Find("[data-testid=entry-message]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=start]"));
        Assert.Single(Api.Entries);
    }

    [Fact]
    public void Each_visit_of_the_entry_page_has_its_own_entry_id()
    {
        Render<Entry>().Find("[data-testid=start]").Click();
        Render<Entry>().Find("[data-testid=start]").Click();
        Assert.Equal(2, Api.Entries.Count);
        Assert.NotEqual(Api.Entries[0].ClientEntryId, Api.Entries[1].ClientEntryId);
    }
}
