using System.Net;
using System.Net.Http.Json;
using System.Text;
using ExpO.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>Every kind of bad request gets a clear 4xx problem-details answer and leaves the database as it was.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    readonly StudyServerFactory _server = new();
    StudyClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = new StudyClient(_server.CreateClient());
        await _client.EnterDirectAsync();
        await _client.StartRoundsAsync();
        await _client.StepAsync(1, "A", 1, "+");
    }

    public Task DisposeAsync() { _server.Dispose(); return Task.CompletedTask; }

    async Task<string> Snapshot()
    {
        await using var db = _server.Db();
        var p = await db.Participants.AsNoTracking().SingleAsync();
        var conditions = await db.Conditions.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Steps, c.Prediction, c.Done }).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { steps = await db.Steps.CountAsync(), p.Stage, p.CurrentRound, p.Version, conditions });
    }

    async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string detailPart, string before)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailPart, body);
        Assert.Equal(before, await Snapshot());
    }

    Task<HttpResponseMessage> Step(object body, string? token = null) =>
        _client.Http.PostAsJsonAsync(StudyRoutes.Steps(token ?? _client.Token), body);

    [Theory]
    [InlineData("nope")]
    [InlineData("IspWDIZSX3P2msE-QKVcQyLJSeeJiPBqKi6oUg7UkrU")]
    public async Task Unknown_tokens_are_404(string token)
    {
        var before = await Snapshot();
        await AssertRefused(await _client.Http.GetAsync(StudyRoutes.State(token)), HttpStatusCode.NotFound, "not valid", before);
        await AssertRefused(await Step(new StepRequest(Guid.NewGuid(), 1, "A", 1, "+", null), token), HttpStatusCode.NotFound, "not valid", before);
    }

    [Fact]
    public async Task An_oversized_token_is_404()
    {
        var before = await Snapshot();
        await AssertRefused(await _client.Http.GetAsync(StudyRoutes.State(new string('x', 500))), HttpStatusCode.NotFound, "not valid", before);
    }

    [Theory]
    [InlineData(0, "A", "+", "item must be between 1 and 11")]
    [InlineData(12, "A", "+", "item must be between 1 and 11")]
    [InlineData(3, "C", "+", "condition must be")]
    [InlineData(3, "a", "+", "condition must be")]
    [InlineData(3, "A", "up", "direction must be")]
    [InlineData(3, "A", "", "direction must be")]
    public async Task Malformed_steps_are_400(int item, string condition, string direction, string message)
    {
        var before = await Snapshot();
        await AssertRefused(await Step(new StepRequest(Guid.NewGuid(), 1, condition, item, direction, null)), HttpStatusCode.BadRequest, message, before);
    }

    [Fact]
    public async Task A_step_without_a_client_step_id_is_400()
    {
        var before = await Snapshot();
        await AssertRefused(await Step(new { round = 1, condition = "A", item = 2, direction = "+" }), HttpStatusCode.BadRequest, "clientStepId", before);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var before = await Snapshot();
        var response = await _client.Http.PostAsync(StudyRoutes.Steps(_client.Token), new StringContent("{\"round\": 1, ", Encoding.UTF8, "application/json"));
        await AssertRefused(response, HttpStatusCode.BadRequest, "400", before);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var before = await Snapshot();
        var huge = new FinalAnswersRequest("A", new string('x', 40_000), "A", "y", null);
        var response = await _client.Http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_client.Token), huge);
        await AssertRefused(response, HttpStatusCode.RequestEntityTooLarge, "at most 32 KB", before);
    }

    [Fact]
    public async Task A_step_for_another_round_is_409()
    {
        var before = await Snapshot();
        await AssertRefused(await Step(new StepRequest(Guid.NewGuid(), 2, "A", 1, "+", null)), HttpStatusCode.Conflict, "not the current round", before);
    }

    [Fact]
    public async Task A_step_on_a_finished_condition_is_409()
    {
        var state = await _client.StateAsync();
        await _client.SolveAsync(1, state.Round!.A, new Random(3));
        var before = await Snapshot();
        await AssertRefused(await Step(new StepRequest(Guid.NewGuid(), 1, "A", 1, "+", null)), HttpStatusCode.Conflict, "already finished", before);
    }

    [Fact]
    public async Task A_step_after_the_round_ended_is_409()
    {
        var state = await _client.StateAsync();
        var rng = new Random(4);
        await _client.SolveAsync(1, state.Round!.A, rng);
        await _client.SolveAsync(1, (await _client.StateAsync()).Round!.B, rng);
        var before = await Snapshot();
        await AssertRefused(await Step(new StepRequest(Guid.NewGuid(), 1, "B", 1, "+", null)), HttpStatusCode.Conflict, "no round in progress", before);
    }

    [Fact]
    public async Task Answers_out_of_order_are_409_and_bad_values_400()
    {
        var before = await Snapshot();
        await AssertRefused(await _client.Http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_client.Token), new RoundAnswersRequest(1, "A", "B")),
            HttpStatusCode.Conflict, "not waiting for answers", before);
        await AssertRefused(await _client.Http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_client.Token), new RoundAnswersRequest(1, "left", "B")),
            HttpStatusCode.BadRequest, "Answers must be", before);
        await AssertRefused(await _client.Http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_client.Token), new FinalAnswersRequest("A", "x", "B", "y", null)),
            HttpStatusCode.Conflict, "after the last round", before);
        await AssertRefused(await _client.Http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_client.Token), new FinalAnswersRequest("A", " ", "B", "y", null)),
            HttpStatusCode.BadRequest, "needs a few words", before);
        await AssertRefused(await _client.Http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_client.Token), new RoundAnswersRequest(9, "A", "B")),
            HttpStatusCode.BadRequest, "no round 9", before);
    }

    [Fact]
    public async Task Unknown_api_paths_are_404_problems()
    {
        var response = await _client.Http.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
