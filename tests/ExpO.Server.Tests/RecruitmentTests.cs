using System.Net;
using System.Net.Http.Json;
using ExpO.Shared.Contracts;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

public sealed class RecruitmentTests : ServerTest
{
    static EntryRequest Turk(string worker = "A1WORKER", string assignment = "ASSIGN1") => new()
    {
        Source = "mturk", WorkerId = worker, AssignmentId = assignment, HitId = "HIT1", TurkSubmitTo = StudyServerFactory.TestTurkHost,
    };

    static async Task FinishAsync(StudyClient client)
    {
        await client.StartRoundsAsync();
        var rng = new Random(2);
        for (int round = 1; round <= 5; round++)
        {
            await client.SolveAsync(round, (await client.StateAsync()).Round!.A, rng);
            await client.SolveAsync(round, (await client.StateAsync()).Round!.B, rng);
            await client.PostAsync(StudyRoutes.RoundAnswers(client.Token), new RoundAnswersRequest(round, "A", "A"));
        }
        await client.PostAsync(StudyRoutes.FinalAnswers(client.Token), new FinalAnswersRequest("A", "why", "A", "why", null));
    }

    [Fact]
    public async Task An_MTurk_worker_resumes_with_the_same_link_and_finishes_at_externalSubmit()
    {
        var client = new StudyClient(Server.CreateClient());
        var first = await client.EnterAsync(Turk());
        Assert.Equal("started", first.Outcome);
        var again = await new StudyClient(Server.CreateClient()).EnterAsync(Turk());
        Assert.Equal("resumed", again.Outcome);
        Assert.Equal(first.Token, again.Token);

        await FinishAsync(client);
        var completion = (await client.StateAsync()).Completion!;
        Assert.Equal("mturk", completion.Kind);
        Assert.Equal(StudyServerFactory.TestTurkHost + "/mturk/externalSubmit", completion.SubmitUrl);
        Assert.Equal("ASSIGN1", completion.AssignmentId);

        await using var db = Server.Db();
        var p = await db.Participants.SingleAsync();
        Assert.DoesNotContain("A1WORKER", System.Text.Json.JsonSerializer.Serialize(p)); // pseudonymized, never raw
        Assert.Equal(64, p.ExternalIdHash!.Length);
    }

    [Fact]
    public async Task A_direct_entry_sent_again_with_its_entry_id_resumes_the_participant_it_created()
    {
        // The client's retry after a lost answer, and the same entry sent five times at once.
        var request = new EntryRequest { Source = "direct", ClientEntryId = Guid.NewGuid() };
        var first = await new StudyClient(Server.CreateClient()).EnterAsync(request);
        var again = await new StudyClient(Server.CreateClient()).EnterAsync(request);
        Assert.Equal(("started", "resumed"), (first.Outcome, again.Outcome));
        Assert.Equal(first.Token, again.Token);

        var burst = new EntryRequest { Source = "direct", ClientEntryId = Guid.NewGuid() };
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => new StudyClient(Server.CreateClient()).EnterAsync(burst)));
        Assert.Single(answers.Select(a => a.Token).Distinct());
        Assert.NotEqual(first.Token, answers[0].Token);

        await new StudyClient(Server.CreateClient()).EnterAsync(new EntryRequest { Source = "direct" }); // no id: always new
        await using var db = Server.Db();
        Assert.Equal(3, await db.Participants.CountAsync());
        Assert.Equal(2, await db.Participants.CountAsync(p => p.ClientEntryId != null));
    }

    [Fact]
    public async Task A_worker_who_already_took_part_is_told_so_and_cannot_start_again()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterAsync(Turk());
        await FinishAsync(client);

        var sameHit = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk());
        var otherHit = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk(assignment: "ASSIGN2"));
        foreach (var response in new[] { sameHit, otherHit })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            var entry = (await response.Content.ReadFromJsonAsync<EntryResponse>())!;
            Assert.Equal("already-participated", entry.Outcome);
            Assert.Null(entry.Token);
            Assert.Contains("already taken part", entry.Message);
        }
        await using var db = Server.Db();
        Assert.Equal(1, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task Repeat_participation_can_be_allowed_by_configuration()
    {
        using var server = new StudyServerFactory(new() { ["Study:AllowRepeatParticipation"] = "true" });
        var client = new StudyClient(server.CreateClient());
        await client.EnterAsync(Turk());
        await FinishAsync(client);
        Assert.Equal("started", (await new StudyClient(server.CreateClient()).EnterAsync(Turk(assignment: "ASSIGN2"))).Outcome);
    }

    [Fact]
    public async Task Preview_and_foreign_submit_addresses_cannot_start()
    {
        var preview = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk(assignment: "ASSIGNMENT_ID_NOT_AVAILABLE"));
        Assert.Equal(HttpStatusCode.Conflict, preview.StatusCode);
        Assert.Contains("preview", await preview.Content.ReadAsStringAsync());
        var foreign = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk() with { TurkSubmitTo = "https://evil.example" });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        var missing = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk() with { WorkerId = null });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var source = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, new EntryRequest { Source = "facebook" });
        Assert.Equal(HttpStatusCode.BadRequest, source.StatusCode);
        await using var db = Server.Db();
        Assert.Equal(0, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task A_Prolific_participant_finishes_with_the_completion_redirect()
    {
        var client = new StudyClient(Server.CreateClient());
        var entry = await client.EnterAsync(new EntryRequest { Source = "prolific", ProlificPid = "PID1", StudyId = "S1", SessionId = "SESS1" });
        Assert.Equal("started", entry.Outcome);
        await FinishAsync(client);
        var completion = (await client.StateAsync()).Completion!;
        Assert.Equal("prolific", completion.Kind);
        Assert.Equal("https://app.prolific.com/submissions/complete?cc=C0DE123", completion.RedirectUrl);
    }

    [Theory]
    [InlineData("/api/v1/study")]
    [InlineData("/")]
    public async Task Participant_pages_may_be_framed_by_MTurk_only(string path)
    {
        var response = await Server.CreateClient().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self' https://www.mturk.com https://workersandbox.mturk.com", csp);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Fact]
    public async Task Configured_MTurk_origins_replace_the_defaults_rather_than_adding_to_them()
    {
        const string own = "https://mturk.example.test";
        using var server = new StudyServerFactory(new()
        {
            ["Study:MturkSubmitHosts:0"] = own,
            ["Study:FrameAncestors:0"] = own,
        });
        var refused = await server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, Turk());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var accepted = await new StudyClient(server.CreateClient()).EnterAsync(Turk() with { TurkSubmitTo = own });
        Assert.Equal("started", accepted.Outcome);

        var csp = string.Join(";", (await server.CreateClient().GetAsync("/")).Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors 'self' {own}", csp);
        Assert.DoesNotContain("mturk.com", csp);
        await using var db = server.Db();
        Assert.Equal(1, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task Admin_pages_may_never_be_framed()
    {
        var response = await Server.CreateClient().GetAsync("/admin");
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public void More_rounds_than_start_points_stop_start_up_with_a_clear_message()
    {
        // The committed bundles carry 20 start points, one of them kept for practice (models/*.bundle.json).
        using var server = new StudyServerFactory(new() { ["Study:Settings:Rounds"] = "20" });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("Study:Settings:Rounds is 20", e.ToString());
    }
}
