using ExpO.Shared.Contracts;

using System.Net.Http.Json;
using System.Text.Json;

namespace ExpO.Client.Services;

/// <summary>IStudyApi over HTTP. Writes are retried on network errors: every write is safe to repeat.</summary>
public sealed class StudyApiClient(HttpClient http) : IStudyApi
{
    const int Attempts = 3;

    public Task<StudyInfo> InfoAsync() => Send<StudyInfo>(() => http.GetAsync(StudyRoutes.Info));

    public async Task<EntryResponse> EnterAsync(EntryRequest request)
    {
        // "already-participated" arrives as 409 with a normal body: read it rather than treat it as an error.
        var response = await Retry(() => http.PostAsJsonAsync(StudyRoutes.Entry, request, StudyJson.Options));
        if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (body.Contains("\"outcome\"")) return JsonSerializer.Deserialize<EntryResponse>(body, StudyJson.Options)!;
            throw Problem(response, body);
        }
        return await Read<EntryResponse>(response);
    }

    public Task<ParticipantState> StateAsync(string token) => Send<ParticipantState>(() => http.GetAsync(StudyRoutes.State(token)));
    public Task<ParticipantState> ConsentAsync(string token) => Post<ParticipantState>(StudyRoutes.Consent(token), new { });
    public Task<ParticipantState> FinishInstructionsAsync(string token) => Post<ParticipantState>(StudyRoutes.Instructions(token), new { });
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request) => Post<PracticeResponse>(StudyRoutes.Practice(token), request);
    public Task<StepResponse> StepAsync(string token, StepRequest request) => Post<StepResponse>(StudyRoutes.Steps(token), request);
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request) => Post<ParticipantState>(StudyRoutes.RoundAnswers(token), request);
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request) => Post<ParticipantState>(StudyRoutes.FinalAnswers(token), request);

    Task<T> Post<T>(string route, object body) => Send<T>(() => http.PostAsJsonAsync(route, body, StudyJson.Options));

    async Task<T> Send<T>(Func<Task<HttpResponseMessage>> call) => await Read<T>(await Retry(call));

    static async Task<HttpResponseMessage> Retry(Func<Task<HttpResponseMessage>> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var response = await call();
                if ((int)response.StatusCode < 500 || attempt == Attempts) return response;
            }
            catch (HttpRequestException) when (attempt < Attempts) { }
            catch (HttpRequestException) { throw new StudyApiException(0, "We could not reach the study server. Please check your connection and try again."); }
            await Task.Delay(300 * attempt);
        }
    }

    static async Task<T> Read<T>(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync<T>(StudyJson.Options))!;
        throw Problem(response, await response.Content.ReadAsStringAsync());
    }

    static StudyApiException Problem(HttpResponseMessage response, string body)
    {
        string message = "Something went wrong. Please try again.";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } d) message = d;
        }
        catch (JsonException) { }
        return new StudyApiException((int)response.StatusCode, message);
    }
}
