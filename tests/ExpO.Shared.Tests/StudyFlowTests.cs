using ExpO.Shared.Study;

namespace ExpO.Shared.Tests;

/// <summary>The study's state machine on its own: stage order, what a click may do, when a side and a round end.</summary>
public sealed class StudyFlowTests
{
    static readonly StudySettings Protocol = new(); // target +1.0, tolerance 0.1, 5 rounds (docs/study-protocol.md)

    [Fact]
    public void The_stages_come_in_the_protocols_order_for_every_round()
    {
        var at = StudyFlow.Start;
        var seen = new List<StudyPosition> { at };
        at = StudyFlow.AfterConsent(at); seen.Add(at);
        at = StudyFlow.AfterInstructions(at); seen.Add(at);
        for (int r = 1; r <= 5; r++)
        {
            at = StudyFlow.AfterSides(at, new(3, true), new(4, true)); seen.Add(at);
            at = StudyFlow.AfterRoundAnswers(at, 5); seen.Add(at);
        }
        at = StudyFlow.AfterFinalAnswers(at); seen.Add(at);

        var expected = new List<StudyPosition> { new(StudyStage.Consent, 0), new(StudyStage.Instructions, 0), new(StudyStage.Round, 1) };
        for (int r = 1; r <= 5; r++)
            expected.AddRange([new(StudyStage.RoundQuestions, r), r < 5 ? new(StudyStage.Round, r + 1) : new(StudyStage.Final, 5)]);
        expected.Add(new(StudyStage.Complete, 5));
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Transitions_from_the_wrong_stage_change_nothing()
    {
        var round = new StudyPosition(StudyStage.Round, 2);
        Assert.Equal(round, StudyFlow.AfterConsent(round));
        Assert.Equal(round, StudyFlow.AfterInstructions(round));
        Assert.Equal(round, StudyFlow.AfterRoundAnswers(round, 5));
        Assert.Equal(round, StudyFlow.AfterFinalAnswers(round));
    }

    [Fact]
    public void A_round_ends_only_when_both_sides_are_done()
    {
        var at = new StudyPosition(StudyStage.Round, 1);
        Assert.Equal(at, StudyFlow.AfterSides(at, new(10, true), new(2, false)));
        Assert.Equal(at, StudyFlow.AfterSides(at, new(0, false), new(2, true)));
        Assert.Equal(StudyStage.RoundQuestions, StudyFlow.AfterSides(at, new(10, true), new(2, true)).Stage);
    }

    [Theory]
    [InlineData(StudyStage.Round, 2, 4, false, 2, 4, ClickRefusal.None)]
    [InlineData(StudyStage.Round, 2, 4, false, 2, 3, ClickRefusal.StaleSide)]      // another tab clicked meanwhile
    [InlineData(StudyStage.Round, 2, 4, false, 2, 5, ClickRefusal.StaleSide)]
    [InlineData(StudyStage.Round, 2, 4, false, 1, 4, ClickRefusal.StaleRound)]     // a view of the last round
    [InlineData(StudyStage.Round, 2, 4, true, 2, 4, ClickRefusal.SideDone)]
    [InlineData(StudyStage.RoundQuestions, 2, 4, true, 2, 4, ClickRefusal.NoRoundInProgress)]
    [InlineData(StudyStage.Instructions, 0, 0, false, 1, 0, ClickRefusal.NoRoundInProgress)]
    public void A_click_applies_only_to_the_state_it_was_made_on(StudyStage stage, int round, int steps, bool done, int clickRound, int stepsBefore, ClickRefusal expected) =>
        Assert.Equal(expected, StudyFlow.CheckClick(new(stage, round), new(steps, done), clickRound, stepsBefore));

    [Theory]
    // target 1.0: done strictly inside +/- 0.1 (docs/study-protocol.md: abs(prediction - target) < 0.1)
    [InlineData(0.95, true)]
    [InlineData(1.0999, true)]
    [InlineData(1.1001, false)]
    [InlineData(0.5, false)]
    public void A_click_counts_a_step_and_the_side_is_done_inside_the_tolerance(double prediction, bool done)
    {
        var after = StudyFlow.AfterClick(new(6, false), prediction, target: 1.0, Protocol);
        Assert.Equal(new SideState(7, done), after);
    }
}
