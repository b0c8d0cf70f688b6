using System.Net;
using System.Net.Http.Json;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

public class RecruitmentTests : ServerTest
{
    static EntryRequest Turk(string worker = "A1WORKER", string assignment = "ASSIGN1") => new()
    {
        Source = RecruitmentSource.Mturk,
        WorkerId = worker,
        AssignmentId = assignment,
        HitId = "HIT1",
        TurkSubmitTo = StudyServerFactory.TestTurkHost,
    };

    static EntryRequest Prolific(string session = "SESS1") => new()
    {
        Source = RecruitmentSource.Prolific,
        ProlificPid = "PID1",
        StudyId = "S1",
        SessionId = session,
    };

    SimulatedParticipant NewParticipant(StudyServerFactory? server = null) =>
        new(new StudyApiClient((server ?? Server).CreateClient(), attempts: 1), new ClosestChangePolicy(), 2)
        {
            RoundAnswers = s => (Preference.A, s.RoundNumber == 5 ? Preference.B : Preference.A),
        };

    [Fact]
    public async Task An_MTurk_worker_resumes_with_the_same_link_and_finishes_at_externalSubmit_with_our_reference_and_a_summary()
    {
        var first = await NewParticipant().EnterAsync(Turk());
        Assert.Equal(EntryOutcome.Started, first.Outcome);
        var participant = NewParticipant();
        var again = await participant.EnterAsync(Turk());
        Assert.Equal(EntryOutcome.Resumed, again.Outcome);
        // Only the token's hash is stored, so coming back hands out a new token and the old one stops working.
        Assert.NotEqual(first.Token, again.Token);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudyApiException>(() => Api().StateAsync(first.Token))).Status);

        var completion = (await participant.PlayToEndAsync()).Completion!;
        Assert.Equal(CompletionKind.Mturk, completion.Kind);
        Assert.Equal(StudyServerFactory.TestTurkHost + "/mturk/externalSubmit", completion.SubmitUrl);
        var fields = completion.MturkFields.ToDictionary(f => f.Name, f => f.Value);
        // The server keeps only a keyed hash of the assignment: the page adds it from its own link (browser tests).
        Assert.DoesNotContain("assignmentId", fields.Keys);
        Assert.Equal(completion.Code, fields["completionCode"]);
        Assert.Equal("5", fields["roundsDone"]);
        // SimulatedParticipant's final answers: A for usefulness, "same" for expectation.
        Assert.Equal(("A", "same"), (fields["usefulPreference"], fields["expectationPreference"]));

        await using var db = Server.Db();
        var p = await db.Participants.SingleAsync();
        var stored = System.Text.Json.JsonSerializer.Serialize(p);
        Assert.DoesNotContain("A1WORKER", stored); // pseudonymized, never raw
        Assert.DoesNotContain("ASSIGN1", stored);
        Assert.Equal(64, p.ExternalIdHash!.Length);
        Assert.Equal(64, p.AssignmentIdHash!.Length);
        // The reference MTurk receives finds the participant's row.
        Assert.Equal(p.Pseudonym, fields["participantRef"]);
        Assert.Equal(12, fields["participantRef"].Length);
    }

    [Fact]
    public async Task A_finished_MTurk_worker_who_reopens_the_HIT_gets_their_completion_back()
    {
        // Issue 12, defect 1: before the fix this answered 409 "already taken part", and the worker could not submit.
        var participant = NewParticipant();
        await participant.EnterAsync(Turk());
        var finished = await participant.PlayToEndAsync();

        var reopened = NewParticipant();
        var entry = await reopened.EnterAsync(Turk());
        Assert.Equal(EntryOutcome.Resumed, entry.Outcome);
        Assert.Equal(StudyStage.Complete, reopened.State.Stage);
        var again = Assert.IsType<CompletionView>(reopened.State.Completion);
        Assert.Equal(finished.Completion, again with { MturkFields = finished.Completion!.MturkFields });
        Assert.Equal(finished.Completion.MturkFields, again.MturkFields);
    }

    [Fact]
    public async Task A_finished_Prolific_participant_who_reloads_before_the_redirect_gets_the_redirect_again()
    {
        // Issue 12, defect 1, for Prolific: the same PROLIFIC_PID and SESSION_ID is their own visit.
        var participant = NewParticipant();
        await participant.EnterAsync(Prolific());
        await participant.PlayToEndAsync();

        var reloaded = NewParticipant();
        Assert.Equal(EntryOutcome.Resumed, (await reloaded.EnterAsync(Prolific())).Outcome);
        Assert.Equal("https://app.prolific.com/submissions/complete?cc=C0DE123", reloaded.State.Completion!.RedirectUrl);
    }

    [Fact]
    public async Task A_direct_entry_sent_again_with_its_entry_id_resumes_the_participant_it_created()
    {
        // The client's retry after a lost answer, and the same entry sent five times at once.
        var request = new EntryRequest { Source = RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() };
        var first = await Api().EnterAsync(request);
        var again = await Api().EnterAsync(request);
        Assert.Equal((EntryOutcome.Started, EntryOutcome.Resumed), (first.Outcome, again.Outcome));
        Assert.Equal(StudyStage.Consent, (await Api().StateAsync(again.Token)).Stage);
        Assert.Equal(404, (await Assert.ThrowsAsync<StudyApiException>(() => Api().StateAsync(first.Token))).Status);

        var burst = new EntryRequest { Source = RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() };
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Api().EnterAsync(burst)));
        Assert.Single(answers, a => a.Outcome == EntryOutcome.Started);
        // Each answer is a new token for the one participant; the newest one (the answer a client keeps) works.
        var working = 0;
        foreach (var a in answers)
            try { await Api().StateAsync(a.Token); working++; } catch (StudyApiException e) when (e.Status == 404) { }
        Assert.Equal(1, working);

        await Api().EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct }); // no id: always new
        await using var db = Server.Db();
        Assert.Equal(3, await db.Participants.CountAsync());
        Assert.Equal(2, await db.Participants.CountAsync(p => p.ClientEntryId != null));
    }

    [Theory]
    [InlineData("mturk")]
    [InlineData("prolific")]
    public async Task A_person_who_took_part_is_refused_with_another_assignment_or_session(string platform)
    {
        var participant = NewParticipant();
        await participant.EnterAsync(platform == "mturk" ? Turk() : Prolific());
        await participant.PlayToEndAsync();

        var other = platform == "mturk" ? Turk(assignment: "ASSIGN2") : Prolific(session: "SESS2");
        var e = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(other));
        Assert.Equal((409, StudyProblemTypes.AlreadyParticipated), (e.Status, e.ProblemType));
        Assert.Contains("already taken part", e.Message);
        // Issue 20: the refusal did not say what to do; a kept MTurk assignment blocks it for others.
        Assert.Contains(platform == "mturk" ? "return this HIT on Mechanical Turk" : "return this study on Prolific", e.Message);
        await using var db = Server.Db();
        Assert.Equal(1, await db.Participants.CountAsync());
    }

    [Fact]
    public async Task Repeat_participation_can_be_allowed_by_configuration()
    {
        using var server = new StudyServerFactory(new() { ["Study:AllowRepeatParticipation"] = "true" });
        var participant = NewParticipant(server);
        await participant.EnterAsync(Turk());
        await participant.PlayToEndAsync();
        Assert.Equal(EntryOutcome.Started, (await NewParticipant(server).EnterAsync(Turk(assignment: "ASSIGN2"))).Outcome);
    }

    [Fact]
    public async Task Preview_and_foreign_submit_addresses_cannot_start()
    {
        var preview = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(Turk(assignment: "ASSIGNMENT_ID_NOT_AVAILABLE")));
        Assert.Equal((409, StudyProblemTypes.Preview), (preview.Status, preview.ProblemType));
        var foreign = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(Turk() with { TurkSubmitTo = "https://evil.example" }));
        Assert.Equal(400, foreign.Status);
        var missing = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(Turk() with { WorkerId = null }));
        Assert.Equal(400, missing.Status);
        var source = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Entry, new { source = "facebook" });
        Assert.Equal(HttpStatusCode.BadRequest, source.StatusCode);
        Assert.Contains("source must be one of", await source.Content.ReadAsStringAsync());
        await using var db = Server.Db();
        Assert.Equal(0, await db.Participants.CountAsync());
    }

    [Theory]
    [InlineData("/api/v1/study")]
    [InlineData("/")]
    public async Task Participant_pages_may_be_framed_by_MTurk_worker_sites_only(string path)
    {
        // Workers do HITs on worker.mturk.com (sandbox: workersandbox.mturk.com), which frames the ExternalQuestion.
        var response = await Server.CreateClient().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self' https://worker.mturk.com https://www.mturk.com https://workersandbox.mturk.com", csp);
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
        var api = new StudyApiClient(server.CreateClient(), attempts: 1);
        Assert.Equal(400, (await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(Turk()))).Status);
        Assert.Equal(EntryOutcome.Started, (await api.EnterAsync(Turk() with { TurkSubmitTo = own })).Outcome);

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
}
