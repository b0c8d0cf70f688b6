namespace ExpO.Shared.Study;

/// <summary>Where a participant stands, as the rules see it: the stage and the current round (0 before round 1).</summary>
public readonly record struct StudyPosition(StudyStage Stage, int Round);

/// <summary>One side of the current round, as the rules see it.</summary>
public readonly record struct SideState(int Steps, bool Done);

/// <summary>Why a click cannot be applied. Stale ones were made on a view the participant no longer has.</summary>
public enum ClickRefusal { None, NoRoundInProgress, StaleRound, StaleSide, SideDone }

/// <summary>
/// The study's state machine, pure: the order of the stages, what a click does to its side, when a side and a round
/// are done. The server decides with it; the client only displays what the server answered.
/// Order: Consent, Instructions, then per round Round and RoundQuestions, then Final, Complete.
/// </summary>
public static class StudyFlow
{
    public static StudyPosition Start => new(StudyStage.Consent, 0);

    public static StudyPosition AfterConsent(StudyPosition at) =>
        at.Stage == StudyStage.Consent ? new(StudyStage.Instructions, 0) : at;

    public static StudyPosition AfterInstructions(StudyPosition at) =>
        at.Stage == StudyStage.Instructions ? new(StudyStage.Round, 1) : at;

    /// <summary>
    /// A click is applied only to the state it was made on: the current round, that side's step count, a side that is
    /// not finished. The round number and step count come from the view the click was made on.
    /// </summary>
    public static ClickRefusal CheckClick(StudyPosition at, SideState side, int clickRound, int stepsBefore)
    {
        if (at.Stage != StudyStage.Round) return ClickRefusal.NoRoundInProgress;
        if (clickRound != at.Round) return ClickRefusal.StaleRound;
        if (side.Done) return ClickRefusal.SideDone;
        return stepsBefore == side.Steps ? ClickRefusal.None : ClickRefusal.StaleSide;
    }

    /// <summary>The side after a click that moved its prediction to <paramref name="prediction"/>.</summary>
    public static SideState AfterClick(SideState side, double prediction, double target, StudySettings s) =>
        new(side.Steps + 1, StudyRules.IsDone(prediction, target, s));

    /// <summary>The round is over when both sides are done; then its questions come.</summary>
    public static StudyPosition AfterSides(StudyPosition at, SideState a, SideState b) =>
        at.Stage == StudyStage.Round && a.Done && b.Done ? at with { Stage = StudyStage.RoundQuestions } : at;

    /// <summary>After a round's answers: the next round, or the final questions after the last.</summary>
    public static StudyPosition AfterRoundAnswers(StudyPosition at, int totalRounds) =>
        at.Stage != StudyStage.RoundQuestions ? at
        : at.Round < totalRounds ? new(StudyStage.Round, at.Round + 1)
        : new(StudyStage.Final, at.Round);

    public static StudyPosition AfterFinalAnswers(StudyPosition at) =>
        at.Stage == StudyStage.Final ? at with { Stage = StudyStage.Complete } : at;
}
