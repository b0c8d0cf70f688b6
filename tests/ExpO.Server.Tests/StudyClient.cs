using System.Net;
using System.Net.Http.Json;
using ExpO.Shared.Contracts;

namespace ExpO.Server.Tests;

/// <summary>A participant talking to the API the way the browser client does.</summary>
sealed class StudyClient(HttpClient http)
{
    public HttpClient Http => http;
    public string Token { get; private set; } = "";

    public async Task<EntryResponse> EnterAsync(EntryRequest request)
    {
        var response = await http.PostAsJsonAsync(StudyRoutes.Entry, request);
        var entry = (await response.Content.ReadFromJsonAsync<EntryResponse>())!;
        if (entry.Token is not null) Token = entry.Token;
        return entry;
    }

    /// <summary>The same participant over another connection (another device, another server instance).</summary>
    public StudyClient Through(HttpClient other) => new(other) { Token = Token };

    public Task<EntryResponse> EnterDirectAsync() => EnterAsync(new EntryRequest { Source = "direct" });

    public async Task<ParticipantState> StateAsync() => (await http.GetFromJsonAsync<ParticipantState>(StudyRoutes.State(Token)))!;

    public async Task<ParticipantState> PostAsync(string route, object? body = null)
    {
        var response = await http.PostAsJsonAsync(route, body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ParticipantState>())!;
    }

    public async Task StartRoundsAsync()
    {
        await PostAsync(StudyRoutes.Consent(Token));
        await PostAsync(StudyRoutes.Instructions(Token));
    }

    public async Task<StepResponse> StepAsync(int round, string condition, int item, string direction, Guid? id = null)
    {
        var response = await http.PostAsJsonAsync(StudyRoutes.Steps(Token),
            new StepRequest(id ?? Guid.NewGuid(), round, condition, item, direction, DateTimeOffset.UtcNow));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"step: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StepResponse>())!;
    }

    /// <summary>Plays one condition to the target (<see cref="TestClickPolicy"/>). Returns the steps taken; stepIds collects the click ids.</summary>
    public async Task<int> SolveAsync(int round, ConditionView start, Random rng, int maxSteps = 2000, List<Guid>? stepIds = null)
    {
        var view = start;
        while (!view.Done)
        {
            Assert.True(view.Steps < maxSteps, $"condition {view.Condition} of round {round} took over {maxSteps} steps");
            var (item, direction) = TestClickPolicy.Choose(
                view.Items.Select(i => i.ExpectedChangeDollars).ToArray(), view.TargetDollars - view.PriceDollars, rng);
            var id = Guid.NewGuid();
            stepIds?.Add(id);
            view = (await StepAsync(round, view.Condition, item, direction, id)).Condition;
        }
        return view.Steps;
    }
}
