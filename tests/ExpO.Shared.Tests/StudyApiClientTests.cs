using System.Net;
using System.Text;
using System.Text.Json;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Shared.Tests;

/// <summary>The client's politeness: a 429 is waited out for the Retry-After the server gave, and the page is told.</summary>
public sealed class StudyApiClientTests
{
    /// <summary>Answers from a script, one per request, and counts the requests.</summary>
    sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public int Requests { get; private set; }
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(answers[Math.Min(Requests++, answers.Length - 1)]());
    }

    static HttpResponseMessage TooMany(int seconds)
    {
        var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("{}", Encoding.UTF8, "application/problem+json") };
        r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return r;
    }

    static HttpResponseMessage Info() => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(new StudyInfo("T", "C", 5, 11, "1", "housing", ExpO.Shared.Study.StudyQuantity.HousePrice), StudyJsonContext.Default.StudyInfo), Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task A_429_is_sent_again_after_its_Retry_After_and_the_wait_is_reported_then_cleared()
    {
        var handler = new ScriptedHandler(() => TooMany(1), Info);
        var waits = new ApiWaits();
        var seen = new List<TimeSpan?>();
        waits.Changed += () => seen.Add(waits.Current);
        var api = new StudyApiClient(new HttpClient(handler) { BaseAddress = new Uri("http://study.test/") }, attempts: 3, waits);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("T", (await api.InfoAsync()).Title);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"sent again after {clock.Elapsed.TotalSeconds:F2} s, before the 1 s asked");
        Assert.Equal(2, handler.Requests);
        Assert.Equal([TimeSpan.FromSeconds(1), null], seen);
    }

    [Fact]
    public async Task With_one_attempt_a_429_is_the_answer()
    {
        var handler = new ScriptedHandler(() => TooMany(1));
        var api = new StudyApiClient(new HttpClient(handler) { BaseAddress = new Uri("http://study.test/") }, attempts: 1);
        Assert.Equal(429, (await Assert.ThrowsAsync<StudyApiException>(() => api.InfoAsync())).Status);
        Assert.Equal(1, handler.Requests);
    }
}
