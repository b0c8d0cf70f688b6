using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Shared.Study.Participants;

/// <summary>
/// <see cref="IStudyApi"/> over HTTP with the generated JSON contracts. Requests that failed to arrive or got a 5xx
/// are retried: every write is safe to repeat (the client's entry and step ids make repeats land once). A 429 is
/// sent again after the Retry-After the server gave (reported to <paramref name="waits"/>, so a page can say so).
/// </summary>
/// <param name="attempts">Tries per request; 1 returns every answer as it came, 429 included (tests).</param>
public sealed class StudyApiClient(HttpClient http, int attempts = 3, ApiWaits? waits = null) : IStudyApi
{
    /// <summary>How often one request waits out a 429 before giving up: minutes of patience, never a hammering.</summary>
    public const int MaxWaits = 20;
    static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    // Every body goes through the generated contracts (StudyJsonContext): no reflection, so the trimmed browser
    // client serializes exactly as the server does.
    static StudyJsonContext Json => StudyJsonContext.Default;

    Task<StudyInfo>? _info;

    /// <summary>The study's public facts, asked once per client: they do not change while a page is open.</summary>
    public Task<StudyInfo> InfoAsync(CancellationToken ct = default)
    {
        var info = _info;
        if (info is null || info.IsFaulted || info.IsCanceled) _info = info = Get(StudyRoutes.Info, Json.StudyInfo, ct);
        return info;
    }

    public Task<StudyInfo> ParticipantInfoAsync(string token, CancellationToken ct = default) => Get(StudyRoutes.ParticipantInfo(token), Json.StudyInfo, ct);
    public Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default) => Post(StudyRoutes.Entry, request, Json.EntryRequest, Json.EntryResponse, ct);
    public Task<ParticipantState> StateAsync(string token, CancellationToken ct = default) => Get(StudyRoutes.State(token), Json.ParticipantState, ct);
    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct = default) => PostEmpty(StudyRoutes.Consent(token), ct);
    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct = default) => PostEmpty(StudyRoutes.Instructions(token), ct);
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct = default) => Post(StudyRoutes.Practice(token), request, Json.PracticeRequest, Json.PracticeResponse, ct);
    public Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct = default) => Post(StudyRoutes.Steps(token), request, Json.StepRequest, Json.StepResponse, ct);
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct = default) => Post(StudyRoutes.RoundAnswers(token), request, Json.RoundAnswersRequest, Json.ParticipantState, ct);
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct = default) => Post(StudyRoutes.FinalAnswers(token), request, Json.FinalAnswersRequest, Json.ParticipantState, ct);

    Task<T> Get<T>(string route, JsonTypeInfo<T> answer, CancellationToken ct) => Send(() => http.GetAsync(route, ct), answer, ct);

    Task<T> Post<TBody, T>(string route, TBody body, JsonTypeInfo<TBody> request, JsonTypeInfo<T> answer, CancellationToken ct) =>
        Send(() => http.PostAsJsonAsync(route, body, request, ct), answer, ct);

    // Consent and instructions carry no body; an empty JSON object keeps the content type the API expects.
    Task<ParticipantState> PostEmpty(string route, CancellationToken ct) =>
        Send(() => http.PostAsync(route, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), ct), Json.ParticipantState, ct);

    async Task<T> Send<T>(Func<Task<HttpResponseMessage>> call, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await Retry(call, ct);
        return await Read(response, answer, ct);
    }

    async Task<HttpResponseMessage> Retry(Func<Task<HttpResponseMessage>> call, CancellationToken ct)
    {
        int waited = 0;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var response = await call();
                if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && attempts > 1 && waited < MaxWaits)
                {
                    var wait = response.Headers.RetryAfter?.Delta is { } d && d > TimeSpan.Zero ? (d < LongestWait ? d : LongestWait) : TimeSpan.FromSeconds(1);
                    waits?.Report(wait);
                    await Task.Delay(wait, ct);
                    waited++;
                    attempt--; // being asked to wait is not a failure
                    response.Dispose();
                    continue;
                }
                if (waited > 0) waits?.Report(null);
                if ((int)response.StatusCode < 500 || attempt == attempts) return response;
                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < attempts) { }
            catch (HttpRequestException) { throw new StudyApiException(0, "We could not reach the study server. Please check your connection and try again."); }
            await Task.Delay(300 * attempt, ct);
        }
    }

    static async Task<T> Read<T>(HttpResponseMessage response, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync(answer, ct))!;
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
