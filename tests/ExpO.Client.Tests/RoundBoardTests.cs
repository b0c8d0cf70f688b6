using Bunit;
using ExpO.Client.Components;
using ExpO.Client.Services;
using ExpO.Shared.Contracts;

namespace ExpO.Client.Tests;

public class RoundBoardTests : ClientTestContext
{
    static readonly RoundView Round2 = new(2, View("A"), View("B"));

    IRenderedComponent<RoundBoard> RenderBoard(List<ParticipantState> changes) =>
        Render<RoundBoard>(p => p.Add(x => x.Token, "tok").Add(x => x.Round, Round2).Add(x => x.State, State(Round2)).Add(x => x.OnStateChanged, s => changes.Add(s)));

    [Fact]
    public void A_click_sends_one_step_for_the_right_condition_round_item_and_direction()
    {
        var cut = RenderBoard([]);
        cut.Find("[data-testid=condition-B] [data-testid=item-7] [data-testid=minus]").Click();
        var (token, request) = Assert.Single(Api.Steps);
        Assert.Equal("tok", token);
        Assert.Equal((2, "B", 7, "-"), (request.Round, request.Condition, request.Item, request.Direction));
        Assert.NotEqual(Guid.Empty, request.ClientStepId);
    }

    [Fact]
    public void While_a_step_is_in_flight_every_button_is_disabled_and_further_clicks_are_not_sent()
    {
        var changes = new List<ParticipantState>();
        var cut = RenderBoard(changes);
        cut.Find("[data-testid=condition-A] [data-testid=item-1] [data-testid=plus]").Click();

        Assert.NotNull(cut.Find("[data-testid=busy]"));
        Assert.All(cut.FindAll("[data-testid=plus], [data-testid=minus]"), b => Assert.True(b.HasAttribute("disabled")));
        // A second click on either side while the first is pending does nothing.
        cut.Find("[data-testid=condition-B] [data-testid=item-2] [data-testid=plus]").Click();
        Assert.Single(Api.Steps);

        Api.NextStep.SetResult(new StepResponse(View("A", steps: 1), false, ExpO.Shared.Study.StudyStage.Round, 2));
        cut.WaitForAssertion(() => Assert.Single(changes));
        Assert.Equal(1, changes[0].Round!.A.Steps);   // the answer is applied to the board's state
        Assert.Equal(0, changes[0].Round!.B.Steps);
        Assert.Equal(0, Api.StateCalls);               // without fetching the whole state
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=busy]")));
        Assert.All(cut.FindAll("[data-testid=plus], [data-testid=minus]"), b => Assert.False(b.HasAttribute("disabled")));
    }

    [Fact]
    public void Each_click_gets_its_own_step_id()
    {
        var cut = RenderBoard([]);
        Api.NextStep.SetResult(new StepResponse(Round2.A, false, ExpO.Shared.Study.StudyStage.Round, 2));
        cut.Find("[data-testid=condition-A] [data-testid=item-1] [data-testid=plus]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=busy]")));
        cut.Find("[data-testid=condition-A] [data-testid=item-1] [data-testid=plus]").Click();
        Assert.Equal(2, Api.Steps.Select(s => s.Request.ClientStepId).Distinct().Count());
    }

    [Fact]
    public void A_refused_step_shows_the_servers_message_and_reloads_the_state()
    {
        var changes = new List<ParticipantState>();
        Api.StepError = new StudyApiException(409, "Condition A of this round is already finished.");
        Api.StateToReturn = State(Round2);
        var cut = RenderBoard(changes);
        cut.Find("[data-testid=condition-A] [data-testid=item-1] [data-testid=plus]").Click();
        cut.WaitForAssertion(() => Assert.Contains("already finished", cut.Find("[data-testid=error]").TextContent));
        Assert.Equal(1, Api.StateCalls);
        Assert.Single(changes);
    }
}
