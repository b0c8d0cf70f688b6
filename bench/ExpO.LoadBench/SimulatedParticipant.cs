using System.Diagnostics;
using System.Net.Http.Json;
using ExpO.Shared.Contracts;
using ExpO.Shared.Study;

namespace ExpO.LoadBench;

/// <summary>A participant that clicks through the study over the API (random items, toward the target), timing each step.</summary>
sealed class SimulatedParticipant(HttpClient http, int seed)
{
    readonly Random _rng = new(seed);
    string _token = "";
    ParticipantState _state = null!;

    public async Task StartAsync()
    {
        var entry = (await (await http.PostAsJsonAsync(StudyRoutes.Entry, new EntryRequest { Source = "direct" }, StudyJson.Options)).Content.ReadFromJsonAsync<EntryResponse>(StudyJson.Options))!;
        _token = entry.Token!;
        await Post<ParticipantState>(StudyRoutes.Consent(_token), new { });
        _state = await Post<ParticipantState>(StudyRoutes.Instructions(_token), new { });
    }

    /// <summary>One step (answering questions or starting over first when needed); returns the step's latency in ms.</summary>
    public async Task<double> StepAsync()
    {
        while (_state.Stage != StudyStage.Round)
        {
            if (_state.Stage == StudyStage.RoundQuestions)
                _state = await Post<ParticipantState>(StudyRoutes.RoundAnswers(_token), new RoundAnswersRequest(_state.RoundNumber, "A", "same"));
            else if (_state.Stage == StudyStage.Final)
                _state = await Post<ParticipantState>(StudyRoutes.FinalAnswers(_token), new FinalAnswersRequest("A", "load test", "A", "load test", null));
            else await StartAsync();
        }
        var round = _state.Round!;
        var condition = round.A.Done ? round.B : round.A;
        var item = condition.Items[_rng.Next(condition.Items.Count)];
        var request = new StepRequest(Guid.NewGuid(), round.Number, condition.Condition, item.Number,
            condition.TargetDollars > condition.PriceDollars ? "+" : "-", DateTimeOffset.UtcNow);
        var clock = Stopwatch.StartNew();
        var response = await Post<StepResponse>(StudyRoutes.Steps(_token), request);
        double ms = clock.Elapsed.TotalMilliseconds;
        _state = _state.After(response) ?? await Get<ParticipantState>(StudyRoutes.State(_token));
        return ms;
    }

    async Task<T> Get<T>(string route) => (await http.GetFromJsonAsync<T>(route, StudyJson.Options))!;

    async Task<T> Post<T>(string route, object body)
    {
        var response = await http.PostAsJsonAsync(route, body, StudyJson.Options);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(StudyJson.Options))!;
    }
}
