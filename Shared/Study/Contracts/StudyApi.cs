using ExpO.Shared.Study;

namespace ExpO.Shared.Contracts;

/// <summary>Routes of the versioned participant API; the browser client and the simulated participant both use them.</summary>
public static class StudyRoutes
{
    public const string Prefix = "/api/v1";
    public const string Info = Prefix + "/study";
    public const string Entry = Prefix + "/participants";
    public static string State(string token) => $"{Prefix}/participants/{Uri.EscapeDataString(token)}";
    public static string Consent(string token) => State(token) + "/consent";
    public static string Instructions(string token) => State(token) + "/instructions";
    public static string Practice(string token) => State(token) + "/practice";
    public static string Steps(string token) => State(token) + "/steps";
    public static string RoundAnswers(string token) => State(token) + "/round-answers";
    public static string FinalAnswers(string token) => State(token) + "/final-answers";
}

/// <summary>Public facts the entry and consent pages show before anyone has a token.</summary>
public sealed record StudyInfo(string Title, string ConsentText, int Rounds, int Items, string EstimatedMinutes);

/// <summary>How a participant arrived: the recruitment platform's URL parameters, as the browser saw them.</summary>
public sealed record EntryRequest
{
    /// <summary>mturk | prolific | direct (the agent uses "agent").</summary>
    public required string Source { get; init; }
    public string? WorkerId { get; init; }
    public string? AssignmentId { get; init; }
    public string? HitId { get; init; }
    public string? TurkSubmitTo { get; init; }
    public string? ProlificPid { get; init; }
    public string? StudyId { get; init; }
    public string? SessionId { get; init; }
    /// <summary>Chosen by the client once per entry page and sent again on every retry, so a retried entry whose
    /// answer was lost resumes the participant it created instead of creating another.</summary>
    public Guid? ClientEntryId { get; init; }
}

/// <summary>started | resumed | already-participated; a token unless refused.</summary>
public sealed record EntryResponse(string Outcome, string? Token, string? Message);

/// <summary>One item of an explanation as participants see it: only the magnitude, in dollars.</summary>
public sealed record ItemView(int Number, double ExpectedChangeDollars);

/// <summary>One side of a round as the participant sees it.</summary>
public sealed record ConditionView(
    string Condition,
    double PriceDollars,
    double TargetDollars,
    double TargetLowDollars,
    double TargetHighDollars,
    int Steps,
    bool Done,
    /// <summary>How much the price moved with the last click (null before the first).</summary>
    double? LastChangeDollars,
    IReadOnlyList<ItemView> Items);

public sealed record RoundView(int Number, ConditionView A, ConditionView B);

/// <summary>Where a participant stands; the client renders exactly this, and a reload fetches it again.</summary>
public sealed record ParticipantState(
    StudyStage Stage,
    int RoundNumber,
    int TotalRounds,
    RoundView? Round,
    CompletionView? Completion);

/// <summary>How to finish: mturk (POST a form), prolific (redirect) or code (show it).</summary>
public sealed record CompletionView(string Kind, string Code, string? SubmitUrl, string? AssignmentId, string? RedirectUrl);

/// <summary>One click. ClientStepId makes retries safe: the same id always gets the same answer.</summary>
public sealed record StepRequest(Guid ClientStepId, int Round, string Condition, int Item, string Direction, DateTimeOffset? ClientTime);

/// <summary>The answer to a click: the clicked side's new view, and where the participant now stands.</summary>
public sealed record StepResponse(ConditionView Condition, bool RoundFinished, StudyStage Stage, int RoundNumber);

/// <summary>Keeping a client's copy of the state in step with the server without fetching it after every click.</summary>
public static class StudyStateUpdates
{
    /// <summary>The state after a click, when the click's answer says all of it; null when the client must fetch the state.</summary>
    public static ParticipantState? After(this ParticipantState state, StepResponse step)
    {
        if (state.Round is null || step.RoundNumber != state.Round.Number || step.Stage is not (StudyStage.Round or StudyStage.RoundQuestions))
            return null;
        var round = step.Condition.Condition == "A" ? state.Round with { A = step.Condition } : state.Round with { B = step.Condition };
        return state with { Stage = step.Stage, Round = round };
    }
}

/// <summary>The two questions after each round: "A", "B" or "same".</summary>
public sealed record RoundAnswersRequest(int Round, string Useful, string Expectation);

public sealed record FinalAnswersRequest(string Useful, string UsefulWhy, string Expectation, string ExpectationWhy, string? Comments);

/// <summary>The unrecorded practice round: the client holds the point, the server runs the model.</summary>
public sealed record PracticeRequest(IReadOnlyList<double>? Point, int Item, string Direction);

public sealed record PracticeResponse(IReadOnlyList<double> Point, ConditionView Condition);

/// <summary>Limits on free text, shared by the client (counters) and the server (validation).</summary>
public static class AnswerLimits
{
    public const int WhyMaxLength = 2000;
    public const int CommentsMaxLength = 4000;
}
