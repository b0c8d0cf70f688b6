using System.Net.Http.Json;
using System.Text.Json;
using ExpO.Shared.Contracts;

namespace ExpO.Shared.Participants;

/// <summary>
/// <see cref="IStudyApi"/> over HTTP with the generated JSON contracts. Requests that failed to arrive or got a 5xx
/// are retried: every write is safe to repeat (the client's entry and step ids make repeats land once).
/// </summary>
public sealed class StudyApiClient(HttpClient http, int attempts = 3) : IStudyApi
{
    public Task<StudyInfo> InfoAsync(CancellationToken ct = default) => Send<StudyInfo>(() => http.GetAsync(StudyRoutes.Info, ct), ct);
    public Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default) => Post<EntryResponse>(StudyRoutes.Entry, request, ct);
    public Task<ParticipantState> StateAsync(string token, CancellationToken ct = default) => Send<ParticipantState>(() => http.GetAsync(StudyRoutes.State(token), ct), ct);
    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct = default) => PostEmpty(StudyRoutes.Consent(token), ct);
    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct = default) => PostEmpty(StudyRoutes.Instructions(token), ct);
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct = default) => Post<PracticeResponse>(StudyRoutes.Practice(token), request, ct);
    public Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct = default) => Post<StepResponse>(StudyRoutes.Steps(token), request, ct);
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct = default) => Post<ParticipantState>(StudyRoutes.RoundAnswers(token), request, ct);
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct = default) => Post<ParticipantState>(StudyRoutes.FinalAnswers(token), request, ct);

    Task<T> Post<T>(string route, object body, CancellationToken ct) => Send<T>(() => http.PostAsJsonAsync(route, body, StudyJson.Options, ct), ct);

    // Consent and instructions carry no body; an empty JSON object keeps the content type the API expects.
    Task<ParticipantState> PostEmpty(string route, CancellationToken ct) =>
        Send<ParticipantState>(() => http.PostAsync(route, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), ct), ct);

    async Task<T> Send<T>(Func<Task<HttpResponseMessage>> call, CancellationToken ct) => await Read<T>(await Retry(call, ct), ct);

    async Task<HttpResponseMessage> Retry(Func<Task<HttpResponseMessage>> call, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var response = await call();
                if ((int)response.StatusCode < 500 || attempt == attempts) return response;
            }
            catch (HttpRequestException) when (attempt < attempts) { }
            catch (HttpRequestException) { throw new StudyApiException(0, "We could not reach the study server. Please check your connection and try again."); }
            await Task.Delay(300 * attempt, ct);
        }
    }

    static async Task<T> Read<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync<T>(StudyJson.Options, ct))!;
        throw Problem(response, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The refusal as the server described it: its message, its problem type and, with a 409, the current state.</summary>
    static StudyApiException Problem(HttpResponseMessage response, string body)
    {
        string message = "Something went wrong. Please try again.";
        string? type = null;
        ParticipantState? state = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } d) message = d;
            if (root.TryGetProperty("type", out var t)) type = t.GetString();
            if (root.TryGetProperty(StudyProblemTypes.StateMember, out var s) && s.ValueKind == JsonValueKind.Object)
                state = s.Deserialize(StudyJsonContext.Default.ParticipantState);
        }
        catch (JsonException) { }
        return new StudyApiException((int)response.StatusCode, message, type, state);
    }
}
