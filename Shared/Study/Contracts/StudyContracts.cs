namespace ExpO.Shared.Study.Contracts;

/// <summary>Routes of the versioned participant API; the browser client and the simulated participant both use them.</summary>
public static class StudyRoutes
{
    public const string Prefix = "/api/v1";
    public const string Info = Prefix + "/study";
    /// <summary>One study's public facts (the default study's without a name).</summary>
    public static string InfoOf(string? study) => study is { Length: > 0 } ? $"{Info}?study={Uri.EscapeDataString(study)}" : Info;
    /// <summary>The facts of the study a participant takes part in.</summary>
    public static string ParticipantInfo(string token) => State(token) + "/study";
    /// <summary>A study's entry link; the default study also has the root link "/".</summary>
    public static string EntryPage(string study) => $"/study/{Uri.EscapeDataString(study)}";
    public const string Entry = Prefix + "/participants";
    public static string State(string token) => $"{Prefix}/participants/{Uri.EscapeDataString(token)}";
    public static string Consent(string token) => State(token) + "/consent";
    public static string Instructions(string token) => State(token) + "/instructions";
    public static string Practice(string token) => State(token) + "/practice";
    public static string Steps(string token) => State(token) + "/steps";
    public static string RoundAnswers(string token) => State(token) + "/round-answers";
    public static string FinalAnswers(string token) => State(token) + "/final-answers";

    /// <summary>
    /// The participant's own page. An MTurk participant's carries the assignmentId, which their HIT submit needs and
    /// the server does not keep (only its keyed hash).
    /// </summary>
    public static string ParticipantPage(string token, string? assignmentId = null) =>
        $"/s/{Uri.EscapeDataString(token)}" + (assignmentId is { Length: > 0 } ? $"?{AssignmentParameter}={Uri.EscapeDataString(assignmentId)}" : "");

    /// <summary>The query parameter of <see cref="ParticipantPage"/> that carries the MTurk assignmentId.</summary>
    public const string AssignmentParameter = "assignmentId";
}

/// <summary>Public facts the entry and consent pages show before anyone has a token; Study is its link name.</summary>
public sealed record StudyInfo(string Title, string ConsentText, int Rounds, int Items, string EstimatedMinutes, string Study, StudyQuantity Quantity);

/// <summary>How a participant arrived: the recruitment platform's URL parameters, as the browser saw them.</summary>
public sealed record EntryRequest
{
    /// <summary>mturk | prolific | direct (the agent uses "agent").</summary>
    public required RecruitmentSource Source { get; init; }
    /// <summary>The study's link name; absent: the default study (the paper's housing study).</summary>
    public string? Study { get; init; }
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
    /// <summary>A simulated participant's greediness (lambda) and seed, recorded with it; only source "agent" sends them.</summary>
    public double? AgentLambda { get; init; }
    public int? AgentSeed { get; init; }
    /// <summary>The browser window's size in CSS pixels and its main input when the participant entered, for the
    /// researchers' exports (a phone and a laptop make different studies); null where the page could not tell.</summary>
    public int? ViewportWidth { get; init; }
    public int? ViewportHeight { get; init; }
    public InputKind? Input { get; init; }
}

/// <summary>A new or resumed participant and the token that is their link. A refusal is a problem (see <see cref="StudyProblemTypes"/>).</summary>
public sealed record EntryResponse(EntryOutcome Outcome, string Token);

/// <summary>One item of an explanation as participants see it: only the magnitude, in dollars.</summary>
public sealed record ItemView(int Number, double ExpectedChangeDollars);

/// <summary>One side of a round as the participant sees it (Condition is null on the practice board).</summary>
public sealed record ConditionView(
    Condition? Condition,
    double PriceDollars,
    double TargetDollars,
    double TargetLowDollars,
    double TargetHighDollars,
    int Steps,
    bool Done,
    // How much the price moved with the last click (null before the first).
    double? LastChangeDollars,
    IReadOnlyList<ItemView> Items);

public sealed record RoundView(int Number, ConditionView A, ConditionView B)
{
    public ConditionView this[Condition side] => side == Study.Condition.A ? A : B;
}

/// <summary>Where a participant stands; the client renders exactly this, and a reload fetches it again.</summary>
public sealed record ParticipantState(
    StudyStage Stage,
    int RoundNumber,
    int TotalRounds,
    RoundView? Round,
    CompletionView? Completion,
    // The participant's own link (/s/{token}); shown to direct participants so they can come back.
    string? ResumePath = null);

/// <summary>
/// How to finish: mturk (POST a form to SubmitUrl with the <see cref="MturkFields"/>), prolific (redirect) or code
/// (show it).
/// </summary>
public sealed record CompletionView(CompletionKind Kind, string Code, string? SubmitUrl, string? RedirectUrl, IReadOnlyList<FormField> MturkFields);

/// <summary>A hidden field of the MTurk submit form.</summary>
public sealed record FormField(string Name, string Value);

/// <summary>
/// One click, with the state it was made on (the round and that side's step count), so a click made on a stale view
/// (another tab, a late retry) is refused with the current state instead of being applied to it. ClientStepId makes
/// retries safe: the same id always gets the same answer.
/// </summary>
public sealed record StepRequest(Guid ClientStepId, int Round, Condition Condition, int Item, Direction Direction, int StepsBefore, DateTimeOffset? ClientTime);

/// <summary>The answer to a click: the clicked side's new view, and where the participant now stands.</summary>
public sealed record StepResponse(ConditionView Condition, bool RoundFinished, StudyStage Stage, int RoundNumber);

/// <summary>Keeping a client's copy of the state in step with the server without fetching it after every click.</summary>
public static class StudyStateUpdates
{
    /// <summary>The state after a click, when the click's answer says all of it; null when the client must fetch the state.</summary>
    public static ParticipantState? After(this ParticipantState state, StepResponse step)
    {
        if (state.Round is null || step.RoundNumber != state.Round.Number || step.Stage is not (StudyStage.Round or StudyStage.RoundQuestions)
            || step.Condition.Condition is not { } side)
            return null;
        var round = side == Condition.A ? state.Round with { A = step.Condition } : state.Round with { B = step.Condition };
        return state with { Stage = step.Stage, Round = round };
    }
}

/// <summary>The two questions after each round. Null answers are refused (a missing answer is not "no difference").</summary>
public sealed record RoundAnswersRequest(int Round, Preference? Useful, Preference? Expectation);

public sealed record FinalAnswersRequest(Preference? Useful, string UsefulWhy, Preference? Expectation, string ExpectationWhy, string? Comments);

/// <summary>The unrecorded practice round: the client holds the point, the server runs the model. Item 0 only looks.</summary>
public sealed record PracticeRequest(IReadOnlyList<double>? Point, int Item, Direction? Direction);

public sealed record PracticeResponse(IReadOnlyList<double> Point, ConditionView Condition);

/// <summary>
/// What the participant's page needs first, written into the page by the server (the same answers as /study, the
/// participant's state and, at the instructions, the practice board), so the client shows it without a round trip.
/// </summary>
public sealed record StudyPageData(StudyInfo Info, ParticipantState State, PracticeResponse? Practice);

/// <summary>
/// The problem types of the study API (problem details "type"): clients decide by these, never by reading messages.
/// </summary>
public static class StudyProblemTypes
{
    const string Base = "urn:expo-study:problem:";
    /// <summary>400: the request is malformed; "detail" says which field.</summary>
    public const string Invalid = Base + "invalid";
    /// <summary>404: no such participant link.</summary>
    public const string UnknownLink = Base + "unknown-link";
    /// <summary>409: the request does not fit the current state; the problem carries that state as "state".</summary>
    public const string StaleState = Base + "stale-state";
    /// <summary>409: this person already took part with another assignment or session.</summary>
    public const string AlreadyParticipated = Base + "already-participated";
    /// <summary>409: the study is closed to new participants (those who started go on).</summary>
    public const string Closed = Base + "closed";
    /// <summary>409: a MTurk preview; the worker must accept the HIT first.</summary>
    public const string Preview = Base + "preview";
    /// <summary>409: the same click or answer id was sent with different content.</summary>
    public const string IdReused = Base + "id-reused";
    /// <summary>409: the server was busy with another request of the same participant; safe to retry.</summary>
    public const string Busy = Base + "busy";
    /// <summary>429: too many entries from one address or from everyone, or clicks from one participant; wait Retry-After seconds.</summary>
    public const string TooManyRequests = Base + "too-many-requests";
    /// <summary>The name of the extension member that carries the current state with a 409.</summary>
    public const string StateMember = "state";
}

/// <summary>Limits on what a request may carry, shared by the client (counters) and the server (validation).</summary>
public static class RequestLimits
{
    /// <summary>Platform ids and addresses (worker, assignment, HIT, study, session ids; turkSubmitTo).</summary>
    public const int IdMaxLength = 128;
}

/// <summary>Limits on free text, shared by the client (counters) and the server (validation).</summary>
public static class AnswerLimits
{
    public const int WhyMaxLength = 2000;
    public const int CommentsMaxLength = 4000;
}
