using System.Net;
using System.Net.Http.Json;
using System.Text;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>Every kind of bad request gets a clear 4xx problem-details answer and leaves the database as it was.</summary>
public sealed class BadInputTests : IAsyncLifetime, IDisposable
{
    readonly StudyServerFactory _server = new();
    SimulatedParticipant _p = null!;
    HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _http = _server.CreateClient();
        _p = new SimulatedParticipant(new StudyApiClient(_http, attempts: 1), new ClosestChangePolicy(), 1);
        await _p.EnterDirectAsync();
        await _p.ActAsync();
        await _p.ActAsync();
        await _p.ClickAsync(Condition.A, 1, Direction.Up);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _server.Dispose();

    async Task<string> Snapshot()
    {
        await using var db = _server.Db();
        var participants = await db.Participants.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var conditions = await db.Conditions.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Steps, c.Prediction, c.Done }).ToListAsync();
        var rounds = await db.Rounds.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Useful, r.Expectation }).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { steps = await db.Steps.CountAsync(), participants, conditions, rounds, final = await db.FinalAnswers.CountAsync() });
    }

    async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string detailPart, string before)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailPart, body);
        Assert.Equal(before, await Snapshot());
    }

    Task<HttpResponseMessage> Json(string route, string json) => _http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

    static string StepJson(string fields) => "{\"clientStepId\":\"" + Guid.NewGuid() + "\",\"round\":1,\"stepsBefore\":1," + fields + "}";

    [Theory]
    [InlineData("nope")]
    [InlineData("IspWDIZSX3P2msE-QKVcQyLJSeeJiPBqKi6oUg7UkrU")]
    public async Task Unknown_tokens_are_404(string token)
    {
        var before = await Snapshot();
        await AssertRefused(await _http.GetAsync(StudyRoutes.State(token)), HttpStatusCode.NotFound, "not valid", before);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.Steps(token), new StepRequest(Guid.NewGuid(), 1, Condition.A, 1, Direction.Up, 1, null)),
            HttpStatusCode.NotFound, "not valid", before);
    }

    [Fact]
    public async Task An_oversized_token_is_404()
    {
        var before = await Snapshot();
        await AssertRefused(await _http.GetAsync(StudyRoutes.State(new string('x', 500))), HttpStatusCode.NotFound, "not valid", before);
    }

    // The step body field by field. Codes are exact strings and numbers are numbers (issue 12: "3" for an item used
    // to be read as 3); each refusal names the field.
    [Theory]
    [InlineData("\"condition\":\"A\",\"item\":0,\"direction\":\"+\"", "item must be between 1 and 11")]
    [InlineData("\"condition\":\"A\",\"item\":12,\"direction\":\"+\"", "item must be between 1 and 11")]
    [InlineData("\"condition\":\"A\",\"item\":\"3\",\"direction\":\"+\"", "$.item")]
    [InlineData("\"condition\":\"A\",\"item\":3.5,\"direction\":\"+\"", "$.item")]
    [InlineData("\"condition\":\"C\",\"item\":3,\"direction\":\"+\"", "condition must be one of")]
    [InlineData("\"condition\":\"a\",\"item\":3,\"direction\":\"+\"", "condition must be one of")]
    [InlineData("\"condition\":1,\"item\":3,\"direction\":\"+\"", "condition must be one of")]
    [InlineData("\"item\":3,\"direction\":\"+\"", "condition must be")]
    [InlineData("\"condition\":\"A\",\"item\":3,\"direction\":\"up\"", "direction must be one of")]
    [InlineData("\"condition\":\"A\",\"item\":3,\"direction\":\"\"", "direction must be one of")]
    [InlineData("\"condition\":\"A\",\"item\":3", "direction must be")]
    public async Task Malformed_steps_are_400(string fields, string message)
    {
        var before = await Snapshot();
        await AssertRefused(await Json(StudyRoutes.Steps(_p.Token), StepJson(fields)), HttpStatusCode.BadRequest, message, before);
    }

    [Fact]
    public async Task A_step_without_a_client_step_id_or_a_negative_step_count_is_400()
    {
        var before = await Snapshot();
        await AssertRefused(await Json(StudyRoutes.Steps(_p.Token), "{\"round\":1,\"condition\":\"A\",\"item\":2,\"direction\":\"+\",\"stepsBefore\":1}"),
            HttpStatusCode.BadRequest, "clientStepId", before);
        await AssertRefused(await Json(StudyRoutes.Steps(_p.Token), StepJson("\"condition\":\"A\",\"item\":2,\"direction\":\"+\"").Replace("\"stepsBefore\":1", "\"stepsBefore\":-1")),
            HttpStatusCode.BadRequest, "stepsBefore", before);
    }

    // Every platform field has a cap of 128, on every kind of link (issue 12: 9,000 characters of hitId were stored
    // from a direct link).
    [Theory]
    [InlineData("direct", "hitId")]
    [InlineData("direct", "studyId")]
    [InlineData("direct", "workerId")]
    [InlineData("mturk", "sessionId")]
    [InlineData("mturk", "studyId")]
    [InlineData("mturk", "hitId")]
    [InlineData("prolific", "assignmentId")]
    [InlineData("prolific", "turkSubmitTo")]
    [InlineData("prolific", "sessionId")]
    public async Task Entry_fields_longer_than_128_are_400_on_every_link(string source, string field)
    {
        var before = await Snapshot();
        var fields = source switch
        {
            "mturk" => new Dictionary<string, string> { ["workerId"] = "W", ["assignmentId"] = "A", ["hitId"] = "H", ["turkSubmitTo"] = StudyServerFactory.TestTurkHost },
            "prolific" => new() { ["PROLIFIC_PID".ToLowerInvariant()] = "P", ["studyId"] = "S", ["sessionId"] = "X" },
            _ => new(),
        };
        fields["source"] = source;
        fields[field] = new string('x', 9_000);
        var json = System.Text.Json.JsonSerializer.Serialize(fields).Replace("\"prolific_pid\"", "\"prolificPid\"");
        await AssertRefused(await Json(StudyRoutes.Entry, json), HttpStatusCode.BadRequest, "longer than 128", before);
        fields[field] = new string('x', 128);
        var accepted = await Json(StudyRoutes.Entry, System.Text.Json.JsonSerializer.Serialize(fields).Replace("\"prolific_pid\"", "\"prolificPid\""));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Platform_fields_of_another_platform_are_not_stored()
    {
        await _http.PostAsJsonAsync(StudyRoutes.Entry, new EntryRequest { Source = RecruitmentSource.Direct, HitId = "H", StudyId = "S", SessionId = "X", AssignmentId = "A" });
        await using var db = _server.Db();
        var p = await db.Participants.OrderBy(p => p.Id).LastAsync();
        Assert.Equal(new string?[] { null, null, null, null, null }, new[] { p.HitId, p.StudyId, p.SessionIdHash, p.AssignmentIdHash, p.TurkSubmitTo });
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var before = await Snapshot();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["condition"] = "A" });
        await AssertRefused(await _http.PostAsync(StudyRoutes.Steps(_p.Token), form), HttpStatusCode.UnsupportedMediaType, "application/json", before);
        await AssertRefused(await _http.PostAsync(StudyRoutes.Entry, new StringContent("{\"source\":\"direct\"}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "application/json", before);
    }

    [Fact]
    public async Task A_wrong_method_on_a_known_route_is_405()
    {
        var before = await Snapshot();
        await AssertRefused(await _http.GetAsync(StudyRoutes.Steps(_p.Token)), HttpStatusCode.MethodNotAllowed, "405", before);
        await AssertRefused(await _http.DeleteAsync(StudyRoutes.State(_p.Token)), HttpStatusCode.MethodNotAllowed, "405", before);
        await AssertRefused(await _http.PutAsJsonAsync(StudyRoutes.Entry, new { source = "direct" }), HttpStatusCode.MethodNotAllowed, "405", before);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var before = await Snapshot();
        await AssertRefused(await Json(StudyRoutes.Steps(_p.Token), "{\"round\": 1, "), HttpStatusCode.BadRequest, "400", before);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var before = await Snapshot();
        var huge = new FinalAnswersRequest(Preference.A, new string('x', 40_000), Preference.A, "y", null);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_p.Token), huge), HttpStatusCode.RequestEntityTooLarge, "at most 32 KB", before);
    }

    [Fact]
    public async Task A_step_for_another_round_is_409_with_the_current_state()
    {
        var before = await Snapshot();
        var response = await _http.PostAsJsonAsync(StudyRoutes.Steps(_p.Token), new StepRequest(Guid.NewGuid(), 2, Condition.A, 1, Direction.Up, 0, null));
        var body = await response.Content.ReadAsStringAsync();
        await AssertRefused(response, HttpStatusCode.Conflict, "not the current round", before);
        Assert.Contains(StudyProblemTypes.StaleState, body);
        Assert.Contains("\"state\":{\"stage\":\"Round\",\"roundNumber\":1", body);
    }

    [Fact]
    public async Task A_step_on_a_finished_condition_is_409()
    {
        await _p.SolveAsync(Condition.A);
        var before = await Snapshot();
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.Steps(_p.Token), Click(Condition.A)), HttpStatusCode.Conflict, "already finished", before);
    }

    StepRequest Click(Condition side) => new(Guid.NewGuid(), 1, side, 1, Direction.Up, _p.State.Round![side].Steps, null);

    [Fact]
    public async Task A_step_after_the_round_ended_is_409()
    {
        await _p.SolveAsync(Condition.A);
        await _p.SolveAsync(Condition.B);
        var before = await Snapshot();
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.Steps(_p.Token), new StepRequest(Guid.NewGuid(), 1, Condition.B, 1, Direction.Up, 0, null)),
            HttpStatusCode.Conflict, "no round in progress", before);
    }

    [Fact]
    public async Task Answers_out_of_order_are_409_and_bad_values_400()
    {
        var before = await Snapshot();
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_p.Token), new RoundAnswersRequest(1, Preference.A, Preference.B)),
            HttpStatusCode.Conflict, "not waiting for answers", before);
        await AssertRefused(await Json(StudyRoutes.RoundAnswers(_p.Token), "{\"round\":1,\"useful\":\"left\",\"expectation\":\"B\"}"),
            HttpStatusCode.BadRequest, "answer must be one of", before);
        await AssertRefused(await Json(StudyRoutes.RoundAnswers(_p.Token), "{\"round\":1,\"expectation\":\"B\"}"),
            HttpStatusCode.BadRequest, "useful must be", before);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_p.Token), new FinalAnswersRequest(Preference.A, "x", Preference.B, "y", null)),
            HttpStatusCode.Conflict, "after the last round", before);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_p.Token), new FinalAnswersRequest(Preference.A, " ", Preference.B, "y", null)),
            HttpStatusCode.BadRequest, "needs a few words", before);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_p.Token), new RoundAnswersRequest(9, Preference.A, Preference.B)),
            HttpStatusCode.BadRequest, "no round 9", before);
    }

    [Fact]
    public async Task Different_answers_after_completion_are_409_and_the_same_answers_again_are_a_harmless_retry()
    {
        // Issue 12: answers after completion got 200 and were silently not saved.
        var final = new FinalAnswersRequest(Preference.A, "simulated", Preference.Same, "simulated", null); // what PlayToEndAsync answers
        await _p.PlayToEndAsync();
        var before = await Snapshot();
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_p.Token), final with { Useful = Preference.B }),
            HttpStatusCode.Conflict, "already complete", before);
        await AssertRefused(await _http.PostAsJsonAsync(StudyRoutes.RoundAnswers(_p.Token), new RoundAnswersRequest(5, Preference.B, Preference.B)),
            HttpStatusCode.Conflict, "already been answered", before);
        var retry = await _http.PostAsJsonAsync(StudyRoutes.FinalAnswers(_p.Token), final);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Unknown_api_paths_are_404_problems()
    {
        var response = await _http.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
