using ExpO.Shared.Study.Contracts;

namespace ExpO.Shared.Study.Participants;

/// <summary>
/// The participant API as a participant uses it: the browser client and every simulated participant (tests, load
/// bench, agent) go through this one interface. Failures come back as <see cref="StudyApiException"/>.
/// </summary>
public interface IStudyApi
{
    Task<StudyInfo> InfoAsync(CancellationToken ct = default);
    /// <summary>The public facts of the study this participant takes part in (its words, unit and items).</summary>
    Task<StudyInfo> ParticipantInfoAsync(string token, CancellationToken ct = default);
    Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default);
    Task<ParticipantState> StateAsync(string token, CancellationToken ct = default);
    Task<ParticipantState> ConsentAsync(string token, CancellationToken ct = default);
    Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct = default);
    Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct = default);
    Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct = default);
    Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct = default);
    Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct = default);
}

/// <summary>
/// A refused or failed API call. Status 0 means the server could not be reached. ProblemType is the server's
/// <see cref="StudyProblemTypes"/> code; a 409 about the participant carries their current State.
/// </summary>
public sealed class StudyApiException(int status, string message, string? problemType = null, ParticipantState? state = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? ProblemType { get; } = problemType;
    public ParticipantState? State { get; } = state;
    public bool IsNetworkError => Status == 0 || Status >= 500;
}
