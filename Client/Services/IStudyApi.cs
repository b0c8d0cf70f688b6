using ExpO.Shared.Contracts;

namespace ExpO.Client.Services;

/// <summary>The participant API as the UI uses it. Failures come back as StudyApiException with the server's message.</summary>
public interface IStudyApi
{
    Task<StudyInfo> InfoAsync();
    Task<EntryResponse> EnterAsync(EntryRequest request);
    Task<ParticipantState> StateAsync(string token);
    Task<ParticipantState> ConsentAsync(string token);
    Task<ParticipantState> FinishInstructionsAsync(string token);
    Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request);
    Task<StepResponse> StepAsync(string token, StepRequest request);
    Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request);
    Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request);
}

/// <summary>A refused or failed API call. Status 0 means the server could not be reached.</summary>
public sealed class StudyApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
    public bool IsNetworkError => Status == 0 || Status >= 500;
}
