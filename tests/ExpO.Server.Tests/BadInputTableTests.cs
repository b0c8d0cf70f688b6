using System.Security.Cryptography;
using System.Text;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>
/// The deployment issue's table: well over 100 malformed requests across every participant endpoint (types, sizes,
/// NaN, out-of-range values, missing fields, 1 MB bodies, content types, methods, replays, stale and out-of-order
/// requests, other participants' tokens). Each is a 4xx with problem details, and the database file is unchanged to
/// the byte.
/// </summary>
public sealed class BadInputTableTests : ServerTest
{
    sealed record Bad(string Why, HttpMethod Method, string Path, string? Body, string ContentType = "application/json");

    [Fact]
    public async Task Every_malformed_request_is_a_4xx_with_problem_details_and_the_database_file_does_not_change()
    {
        var a = await StartedAsync(1);
        await a.ClickAsync(Condition.A, 1, Direction.Up);
        var acked = a.StepIds[^1];
        var b = await StartedAsync(2);
        string T = a.Token;
        var table = Table(T, b.Token, acked).ToList();
        Assert.True(table.Count >= 100, $"only {table.Count} cases");

        await using (var db = Server.Db()) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        var before = FileBytes();
        var http = Server.CreateClient();
        foreach (var bad in table)
        {
            var request = new HttpRequestMessage(bad.Method, bad.Path);
            if (bad.Body is not null) request.Content = new StringContent(bad.Body, Encoding.UTF8, bad.ContentType);
            var answer = await http.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True((int)answer.StatusCode is >= 400 and < 500, $"{bad.Why}: {(int)answer.StatusCode} {body}");
            Assert.True(answer.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{bad.Why}: {answer.Content.Headers.ContentType} {body}");
        }
        Assert.Equal(before, FileBytes());
    }

    /// <summary>SHA-256 of the database file and its write-ahead log: any write lands in one of them.</summary>
    string FileBytes() => string.Join(",", new[] { Server.DatabasePath, Server.DatabasePath + "-wal" }
        .Select(p => File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "none"));

    static IEnumerable<Bad> Table(string t, string other, Guid acked)
    {
        var post = HttpMethod.Post;
        string Step(string fields) => "{" + fields + "}";
        const string id = "\"clientStepId\":\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"";
        string Good(string replace = "", string with = "") =>
            Step($"{id},\"round\":1,\"condition\":\"A\",\"item\":2,\"direction\":\"+\",\"stepsBefore\":1").Replace(replace == "" ? "\u0000" : replace, with);

        // The step body: malformed, wrong types, NaN and overflows, out of range, missing fields.
        foreach (var body in new[] { "{", "[]", "null", "\"step\"", "{}", "{\"round\":", "<step/>", Good().Replace("}", ",}") })
            yield return new("malformed step " + body, post, StudyRoutes.Steps(t), body);
        foreach (var (field, value) in new[]
        {
            ("item", "\"3\""), ("item", "3.5"), ("item", "true"), ("item", "null"), ("item", "NaN"), ("item", "Infinity"), ("item", "1e400"),
            ("item", "2147483648"), ("item", "0"), ("item", "12"), ("item", "-1"), ("item", "[2]"),
            ("round", "\"1\""), ("round", "NaN"), ("round", "1.5"), ("round", "null"),
            ("stepsBefore", "-1"), ("stepsBefore", "\"1\""), ("stepsBefore", "9999999999"),
            ("condition", "1"), ("condition", "\"C\""), ("condition", "\"a\""), ("condition", "\"\""), ("condition", "null"),
            ("direction", "\"up\""), ("direction", "5"), ("direction", "\"\""), ("direction", "null"),
        })
            yield return new($"step {field}={value}", post, StudyRoutes.Steps(t),
                System.Text.RegularExpressions.Regex.Replace(Good(), $"\"{field}\":(\"[^\"]*\"|[^,}}]+)", $"\"{field}\":{value}"));
        foreach (var field in new[] { "clientStepId", "round", "condition", "item", "direction" })
            yield return new($"step without {field}", post, StudyRoutes.Steps(t),
                System.Text.RegularExpressions.Regex.Replace(Good(), $"\"{field}\":(\"[^\"]*\"|[^,}}]+),?", ""));
        yield return new("clientStepId not a guid", post, StudyRoutes.Steps(t), Good(id, "\"clientStepId\":\"not-a-guid\""));
        yield return new("clientStepId empty guid", post, StudyRoutes.Steps(t), Good(id, "\"clientStepId\":\"00000000-0000-0000-0000-000000000000\""));

        // Replays, stale and out-of-order requests, another participant's token.
        yield return new("the acknowledged click's id with another item", post, StudyRoutes.Steps(t), Good(id, $"\"clientStepId\":\"{acked}\"").Replace("\"item\":2", "\"item\":5"));
        yield return new("stale: steps before 0 after one step", post, StudyRoutes.Steps(t), Good("\"stepsBefore\":1", "\"stepsBefore\":0"));
        yield return new("stale: steps before 7", post, StudyRoutes.Steps(t), Good("\"stepsBefore\":1", "\"stepsBefore\":7"));
        yield return new("round 2 before round 1 ended", post, StudyRoutes.Steps(t), Good("\"round\":1", "\"round\":2"));
        yield return new("round 0", post, StudyRoutes.Steps(t), Good("\"round\":1", "\"round\":0"));
        yield return new("round 99", post, StudyRoutes.Steps(t), Good("\"round\":1", "\"round\":99"));
        yield return new("another participant's token with this one's step count", post, StudyRoutes.Steps(other), Good());
        yield return new("round answers during the round", post, StudyRoutes.RoundAnswers(t), "{\"round\":1,\"useful\":\"A\",\"expectation\":\"B\"}");
        yield return new("final answers during the round", post, StudyRoutes.FinalAnswers(t),
            "{\"useful\":\"A\",\"usefulWhy\":\"x\",\"expectation\":\"B\",\"expectationWhy\":\"y\"}");
        foreach (var body in new[] { "{\"round\":1,\"useful\":\"maybe\",\"expectation\":\"B\"}", "{\"round\":1,\"useful\":\"A\"}", "{\"round\":\"1\",\"useful\":\"A\",\"expectation\":\"B\"}", "{" })
            yield return new("round answers " + body, post, StudyRoutes.RoundAnswers(t), body);
        foreach (var body in new[] { "{\"useful\":\"A\"}", "{\"useful\":\"A\",\"usefulWhy\":5,\"expectation\":\"B\",\"expectationWhy\":\"y\"}", "[]" })
            yield return new("final answers " + body, post, StudyRoutes.FinalAnswers(t), body);
        foreach (var body in new[] { "{", "{\"item\":12}", "{\"item\":\"2\",\"direction\":\"+\"}", "{\"item\":2,\"direction\":\"sideways\"}", "{\"point\":[1,2],\"item\":0}", "null" })
            yield return new("practice " + body, post, StudyRoutes.Practice(t), body);

        // Sizes, content types and methods on every route that takes a body.
        var megabyte = "{\"pad\":\"" + new string('x', 1024 * 1024) + "\"}";
        foreach (var route in new[] { StudyRoutes.Steps(t), StudyRoutes.Entry, StudyRoutes.Practice(t), StudyRoutes.RoundAnswers(t), StudyRoutes.FinalAnswers(t), StudyRoutes.Consent(t) })
        {
            yield return new("1 MB body to " + route, post, route, megabyte);
            // (Consent reads no body, so a body of any type is ignored there: the already-consented answer, no write.)
            if (route != StudyRoutes.Consent(t))
                foreach (var type in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data" })
                    yield return new($"{type} to {route}", post, route, Good(), type);
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
                yield return new($"{method} {route}", method, route, Good());
        }
        yield return new("GET steps", HttpMethod.Get, StudyRoutes.Steps(t), null);
        yield return new("POST study info", post, StudyRoutes.Info, "{}");

        // Unknown, oversized and other people's tokens.
        foreach (var token in new[] { "nope", new string('x', 500), "IspWDIZSX3P2msE-QKVcQyLJSeeJiPBqKi6oUg7UkrU", "%00", t + "x", t.ToUpperInvariant() })
        {
            yield return new("state of token " + token[..Math.Min(10, token.Length)], HttpMethod.Get, StudyRoutes.State(token), null);
            yield return new("step of token " + token[..Math.Min(10, token.Length)], post, StudyRoutes.Steps(token), Good());
            yield return new("consent of token " + token[..Math.Min(10, token.Length)], post, StudyRoutes.Consent(token), "{}");
        }
        yield return new("an unknown API route", HttpMethod.Get, "/api/v1/nope", null);
        yield return new("an unknown API version", HttpMethod.Get, "/api/v2/study", null);

        // Entries that must not create anyone.
        foreach (var body in new[]
        {
            "{\"source\":\"facebook\"}", "{}", "{\"source\":1}", "{\"source\":null}", "{",
            "{\"source\":\"mturk\",\"assignmentId\":\"A\",\"hitId\":\"H\",\"turkSubmitTo\":\"https://workersandbox.mturk.com\"}",
            "{\"source\":\"mturk\",\"workerId\":\"W\",\"assignmentId\":\"A\",\"hitId\":\"H\",\"turkSubmitTo\":\"https://evil.example\"}",
            "{\"source\":\"mturk\",\"workerId\":\"W\",\"assignmentId\":\"ASSIGNMENT_ID_NOT_AVAILABLE\",\"hitId\":\"H\",\"turkSubmitTo\":\"https://workersandbox.mturk.com\"}",
            "{\"source\":\"prolific\",\"prolificPid\":\"P\",\"studyId\":\"S\"}",
            "{\"source\":\"prolific\",\"prolificPid\":\"" + new string('p', 200) + "\",\"studyId\":\"S\",\"sessionId\":\"X\"}",
            "{\"source\":\"agent\",\"agentLambda\":-1}", "{\"source\":\"agent\",\"agentLambda\":NaN}", "{\"source\":\"agent\",\"agentLambda\":\"5\"}",
            "{\"source\":\"direct\",\"clientEntryId\":\"not-a-guid\"}", "{\"source\":\"direct\",\"agentSeed\":1.5}",
        })
            yield return new("entry " + body[..Math.Min(60, body.Length)], post, StudyRoutes.Entry, body);
        yield return new("GET entries", HttpMethod.Get, StudyRoutes.Entry, null);
    }
}
