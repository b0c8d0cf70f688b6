using Bunit;
using ExpO.Client.Components;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Client.Tests;

public class RoundBoardTests : ClientTestContext
{
    static readonly RoundView Round2 = new(2, View(Condition.A, steps: 3), View(Condition.B, steps: 5));

    /// <summary>The board as StudyPage holds it: every new state goes back into the board's parameters.</summary>
    IRenderedComponent<RoundBoard> RenderBoard(List<ParticipantState> changes)
    {
        IRenderedComponent<RoundBoard>? cut = null;
        cut = Render<RoundBoard>(p => p.Add(x => x.Token, "tok").Add(x => x.Round, Round2).Add(x => x.State, State(Round2))
            .Add(x => x.OnStateChanged, s =>
            {
                changes.Add(s);
                cut!.Render(q => q.Add(x => x.State, s).Add(x => x.Round, s.Round!));
            }));
        return cut;
    }

    static string Button(Condition side, int item, string kind) => $"[data-testid=condition-{side}] [data-testid=item-{item}] [data-testid={kind}]";

    [Fact]
    public void A_click_sends_one_step_with_the_state_it_was_made_on()
    {
        var cut = RenderBoard([]);
        cut.Find(Button(Condition.B, 7, "minus")).Click();
        var (token, request) = Assert.Single(Api.Steps);
        Assert.Equal("tok", token);
        // Round 2, side B showing 5 steps: the server applies the click only to that state (issue 12, two tabs).
        Assert.Equal((2, Condition.B, 7, Direction.Down, 5), (request.Round, request.Condition, request.Item, request.Direction, request.StepsBefore));
        Assert.NotEqual(Guid.Empty, request.ClientStepId);
    }

    [Fact]
    public void While_a_side_has_a_click_in_flight_its_further_clicks_are_dropped_but_the_other_side_plays_on()
    {
        var changes = new List<ParticipantState>();
        var cut = RenderBoard(changes);
        cut.Find(Button(Condition.A, 1, "plus")).Click();
        Assert.NotNull(cut.Find("[data-testid=busy]"));
        cut.Find(Button(Condition.A, 2, "plus")).Click();   // same side: dropped, never queued or doubled
        Assert.Single(Api.Steps);
        cut.Find(Button(Condition.B, 2, "plus")).Click();   // the other side is independent
        Assert.Equal([Condition.A, Condition.B], Api.Steps.Select(s => s.Request.Condition));

        // B answers first, then A: both answers are applied, neither overwrites the other.
        Api.Pending[1].SetResult(new StepResponse(View(Condition.B, steps: 6), false, StudyStage.Round, 2));
        cut.WaitForAssertion(() => Assert.Single(changes));
        Api.Pending[0].SetResult(new StepResponse(View(Condition.A, steps: 4), false, StudyStage.Round, 2));
        cut.WaitForAssertion(() => Assert.Equal(2, changes.Count));
        Assert.Equal((4, 6), (changes[^1].Round!.A.Steps, changes[^1].Round!.B.Steps));
        Assert.Equal(0, Api.StateCalls); // without fetching the whole state
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=busy]")));
    }

    [Fact]
    public void Each_click_gets_its_own_step_id()
    {
        var cut = RenderBoard([]);
        Api.Immediate.Enqueue(new StepResponse(View(Condition.A, steps: 4), false, StudyStage.Round, 2));
        Api.Immediate.Enqueue(new StepResponse(View(Condition.A, steps: 5), false, StudyStage.Round, 2));
        cut.Find(Button(Condition.A, 1, "plus")).Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=busy]")));
        cut.Find(Button(Condition.A, 1, "plus")).Click();
        Assert.Equal(2, Api.Steps.Select(s => s.Request.ClientStepId).Distinct().Count());
        Assert.Equal([3, 4], Api.Steps.Select(s => s.Request.StepsBefore)); // the second click was made on the answered state
    }

    [Fact]
    public void A_click_on_a_stale_view_shows_the_state_the_server_sent_with_its_refusal()
    {
        var changes = new List<ParticipantState>();
        var current = State(new RoundView(2, View(Condition.A, steps: 9), View(Condition.B, steps: 5)));
        Api.StepError = new StudyApiException(409, "Condition A has moved on since this page showed it.", StudyProblemTypes.StaleState, current);
        var cut = RenderBoard(changes);
        cut.Find(Button(Condition.A, 1, "plus")).Click();
        cut.WaitForAssertion(() => Assert.Contains("moved on", cut.Find("[data-testid=error]").TextContent));
        Assert.Equal(current, Assert.Single(changes));
        Assert.Equal("9", cut.Find("[data-testid=condition-A]").GetAttribute("data-steps"));
        Assert.Equal(0, Api.StateCalls); // the refusal carried the state: nothing fetched
    }

    [Fact]
    public void A_side_with_a_click_in_flight_keeps_its_buttons_focusable()
    {
        // Issue 12, defect 4: the buttons were disabled while a click was in flight, and a disabled button loses the
        // keyboard focus. They now only say they are busy (aria-disabled) and drop the extra click.
        var cut = RenderBoard([]);
        cut.Find(Button(Condition.A, 1, "plus")).Click();
        var a = cut.FindAll("[data-testid=condition-A] [data-testid=plus], [data-testid=condition-A] [data-testid=minus]");
        Assert.Equal(22, a.Count);
        Assert.All(a, b => Assert.False(b.HasAttribute("disabled")));
        Assert.All(a, b => Assert.Equal("true", b.GetAttribute("aria-disabled")));
        Assert.All(cut.FindAll("[data-testid=condition-B] [data-testid=plus]"), b => Assert.False(b.HasAttribute("aria-disabled")));
    }
}
