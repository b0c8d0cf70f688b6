using ExpO.Server.Data;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Study;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>The step write path: the participant cache and group commit, checked against what reaches the file.</summary>
public class WritePathTests : ServerTest
{
    [Fact]
    public async Task Two_server_instances_on_one_database_keep_one_consistent_sequence_of_steps()
    {
        // Each instance caches the participant; every other step finds its cached copy stale.
        using var second = new StudyServerFactory(Server.SameDatabase(), Server.Provider);
        var started = await StartedAsync();
        var (one, two) = (started.Api, new StudyApiClient(second.CreateClient(), attempts: 1));
        var view = started.State.Round!.A;
        // The two items of the largest change (a near-zero coefficient's sign flips between explanations), each first away
        // from the target (Up and Down move the price), then back: the price never nears the target's band.
        var large = view.Items.OrderByDescending(i => i.ExpectedChangeDollars).Take(2).ToArray();
        var away = view.PriceDollars > view.TargetDollars ? Direction.Up : Direction.Down;
        var answered = new List<int>();
        for (int k = 0; k < 8; k++)
        {
            // Back and forth on the two items, so the condition does not finish on the way.
            // Each click names the k steps it was made after; no state read, so neither instance's cache is refreshed.
            IStudyApi client = k % 2 == 0 ? one : two;
            var response = await client.StepAsync(started.Token, new(Guid.NewGuid(), 1, Condition.A, large[k / 2 % 2].Number,
                k % 2 == 0 ? away : away == Direction.Up ? Direction.Down : Direction.Up, k, null));
            answered.Add(response.Condition.Steps);
        }
        Assert.Equal(Enumerable.Range(1, 8), answered);
        Assert.Equal(8, (await two.StateAsync(started.Token)).Round!.A.Steps);
        await using var db = Server.Db();
        var steps = await db.Steps.OrderBy(s => s.StepNumber).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 8), steps.Select(s => s.StepNumber));
        for (int i = 1; i < steps.Count; i++)
        {
            Assert.Equal(steps[i - 1].PointAfter, steps[i].PointBefore);
            Assert.Equal(steps[i - 1].PredictionAfter, steps[i].PredictionBefore);
        }
        var participant = await db.Participants.SingleAsync();
        var condition = await db.Conditions.SingleAsync(c => c.Round!.ParticipantId == participant.Id && c.Round.Number == 1 && c.Slot == Condition.A);
        Assert.Equal(steps[^1].PointAfter, condition.Point);
        Assert.Equal(8, condition.Steps);
    }

    [Fact]
    public void The_cache_keeps_the_newer_version_and_forgets_finished_participants()
    {
        var cache = new ParticipantCache();
        cache.Put(Participant("h1", version: 3));
        cache.Put(Participant("h1", version: 2)); // a late writer of an older state
        Assert.True(cache.TryTake("h1", out var kept));
        Assert.Equal(3, kept.Version);
        Assert.False(cache.TryTake("h1", out _)); // taken out while in use

        cache.Put(Participant("h2", version: 1));
        cache.Put(Participant("h2", version: 2, StudyStage.Complete));
        Assert.False(cache.TryTake("h2", out _));
    }

    [Fact]
    public void The_cache_empties_at_its_bound_and_entries_taken_out_do_not_count_towards_it()
    {
        var cache = new ParticipantCache();
        cache.Put(Participant("kept", version: 1));
        for (int i = 0; i < ParticipantCache.MaxEntries + 5; i++)
        {
            cache.Put(Participant($"busy{i}", version: 1));
            Assert.True(cache.TryTake($"busy{i}", out _));
        }
        Assert.True(cache.TryTake("kept", out _)); // only one entry was ever held at a time

        for (int i = 0; i < ParticipantCache.MaxEntries; i++) cache.Put(Participant($"idle{i}", version: 1));
        Assert.True(cache.TryTake("idle0", out _));
        cache.Put(Participant("idle0", version: 1)); // back to the bound
        cache.Put(Participant("one-more", version: 1));
        Assert.False(cache.TryTake("idle1", out _));
        Assert.True(cache.TryTake("one-more", out _));
    }

    static Participant Participant(string tokenHash, int version, StudyStage stage = StudyStage.Round) => new()
    {
        TokenHash = tokenHash,
        Pseudonym = tokenHash,
        Source = RecruitmentSource.Direct,
        CompletionCode = "C",
        Version = version,
        Stage = stage,
    };

    [Fact]
    public async Task A_failing_unit_in_a_group_commit_fails_alone_and_the_others_are_written()
    {
        var committer = Server.Services.GetRequiredService<GroupCommitter>();
        var gate = Server.Services.GetRequiredService<WriteGate>();
        Task a, duplicate, c;
        // While the gate is held the writer waits, so all three units go into one transaction.
        using (await gate.EnterAsync(CancellationToken.None))
        {
            a = committer.CommitAsync(db => db.Secrets.Add(new StudySecret { Name = "test-a", Value = "1" }));
            duplicate = committer.CommitAsync(db => db.Secrets.Add(new StudySecret { Name = "test-a", Value = "2" }));
            c = committer.CommitAsync(db => db.Secrets.Add(new StudySecret { Name = "test-c", Value = "3" }));
        }
        await a;
        await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
        await c;
        await using var db = Server.Db();
        var written = await db.Secrets.Where(s => s.Name.StartsWith("test-")).OrderBy(s => s.Name).ToListAsync();
        Assert.Equal(["test-a:1", "test-c:3"], written.Select(s => $"{s.Name}:{s.Value}"));
    }

    [Fact]
    public async Task Units_queued_when_the_server_stops_are_still_written()
    {
        var committer = Server.Services.GetRequiredService<GroupCommitter>();
        var gate = Server.Services.GetRequiredService<WriteGate>();
        Task queued, stopped;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            queued = committer.CommitAsync(db => db.Secrets.Add(new StudySecret { Name = "test-late", Value = "kept" }));
            stopped = committer.StopAsync(CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() => committer.CommitAsync(db => db.Secrets.Add(new StudySecret { Name = "test-refused", Value = "" })));
        }
        await queued;
        await stopped;
        await using var db = Server.Db();
        Assert.Equal("kept", (await db.Secrets.SingleAsync(s => s.Name == "test-late")).Value);
        Assert.False(await db.Secrets.AnyAsync(s => s.Name == "test-refused"));
    }
}
