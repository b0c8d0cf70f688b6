using System.Text.Json;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

public class StepIdempotencyTests : ServerTest
{
    [Fact]
    public async Task A_retried_step_gets_the_same_answer_and_writes_nothing_new()
    {
        var p = await StartedAsync();
        var request = Click(p, Condition.A, 3, Direction.Up);
        var first = await p.Api.StepAsync(p.Token, request);
        var again = await p.Api.StepAsync(p.Token, request);
        Assert.Equal(JsonSerializer.Serialize(first.Condition), JsonSerializer.Serialize(again.Condition));
        Assert.Equal(1, again.Condition.Steps);
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task A_retry_after_later_steps_replays_its_own_result()
    {
        var p = await StartedAsync();
        var request = Click(p, Condition.A, 3, Direction.Up);
        var first = await p.Api.StepAsync(p.Token, request);
        await p.RefreshAsync();
        await p.ClickAsync(Condition.A, 7, Direction.Down);
        var replay = await p.Api.StepAsync(p.Token, request);
        Assert.Equal(JsonSerializer.Serialize(first.Condition), JsonSerializer.Serialize(replay.Condition));
        Assert.Equal(first.RoundFinished, replay.RoundFinished);
        Assert.Equal(2, (await p.RefreshAsync()).Round!.A.Steps);
        await using var db = Server.Db();
        Assert.Equal(2, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task The_same_click_id_with_a_different_click_is_409_and_writes_nothing()
    {
        // Issue 12: today the second request gets 200 with the first click's answer, hiding the reused id.
        var p = await StartedAsync();
        var request = Click(p, Condition.A, 3, Direction.Up);
        await p.Api.StepAsync(p.Token, request);
        foreach (var changed in new[] { request with { Item = 4 }, request with { Direction = Direction.Down }, request with { Condition = Condition.B } })
        {
            var e = await Assert.ThrowsAsync<StudyApiException>(() => p.Api.StepAsync(p.Token, changed));
            Assert.Equal((409, StudyProblemTypes.IdReused), (e.Status, e.ProblemType));
        }
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task The_same_click_sent_five_times_at_once_is_written_once()
    {
        var p = await StartedAsync();
        var request = Click(p, Condition.B, 2, Direction.Up);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Api().StepAsync(p.Token, request)));
        Assert.Single(responses.Select(r => JsonSerializer.Serialize(r.Condition)).Distinct());
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
        Assert.Equal(1, (await p.RefreshAsync()).Round!.B.Steps);
    }

    [Fact]
    public async Task Different_clicks_made_on_the_same_view_apply_once_and_the_rest_get_the_current_state()
    {
        // Issue 12 (two sources of truth): before, all four were applied one after another to whatever state they met.
        var p = await StartedAsync();
        var small = p.State.Round!.A.Items.OrderBy(i => i.ExpectedChangeDollars).Take(4).ToArray();
        var outcomes = await Task.WhenAll(small.Select(async (item, k) =>
        {
            try { return (Ok: true, State: (ParticipantState?)null, Error: (StudyApiException?)null, Response: await Api().StepAsync(p.Token, Click(p, Condition.A, item.Number, k % 2 == 0 ? Direction.Up : Direction.Down))); }
            catch (StudyApiException e) { return (Ok: false, State: e.State, Error: (StudyApiException?)e, Response: (StepResponse?)null); }
        }));
        Assert.Single(outcomes, o => o.Ok);
        foreach (var refused in outcomes.Where(o => !o.Ok))
        {
            Assert.Equal((409, StudyProblemTypes.StaleState), (refused.Error!.Status, refused.Error.ProblemType));
            Assert.Equal(1, refused.State!.Round!.A.Steps); // the state it carries is the one the applied click made
        }
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task Clicks_on_A_and_B_at_the_same_moment_are_both_applied()
    {
        var p = await StartedAsync();
        // Back and forth on each side's item of the largest change, first away from the target (Up and Down move the
        // price), then back to the start: neither side can finish on the way. (The smallest item, Up first, once
        // finished a side: its coefficient is near zero, so its sign, and with it the feature's direction, flips between
        // explanations, and the model's real change on it need not be small.)
        var moves = new[] { Condition.A, Condition.B }.Select(side =>
        {
            var view = p.State.Round![side];
            var away = view.PriceDollars > view.TargetDollars ? Direction.Up : Direction.Down;
            return (Side: side, view.Items.MaxBy(i => i.ExpectedChangeDollars)!.Number, Away: away, Back: away == Direction.Up ? Direction.Down : Direction.Up);
        }).ToArray();
        for (int k = 0; k < 5; k++)
        {
            await p.RefreshAsync();
            var (a, b) = (moves[0], moves[1]);
            await Task.WhenAll(Api().StepAsync(p.Token, Click(p, a.Side, a.Number, k % 2 == 0 ? a.Away : a.Back)),
                Api().StepAsync(p.Token, Click(p, b.Side, b.Number, k % 2 == 0 ? b.Away : b.Back)));
        }
        var state = await p.RefreshAsync();
        await using var db = Server.Db();
        Assert.Equal(10, await db.Steps.CountAsync());
        Assert.Equal(5, await db.Steps.CountAsync(s => s.Condition == Condition.A));
        Assert.Equal((5, 5), (state.Round!.A.Steps, state.Round.B.Steps));
    }

    [Fact]
    public async Task Replaying_the_click_that_finished_a_round_says_it_finished_the_round_and_earlier_clicks_do_not()
    {
        var p = await StartedAsync(seed: 5);
        await p.SolveAsync(Condition.A);
        int before = p.StepIds.Count;
        await p.SolveAsync(Condition.B);
        Assert.Equal(StudyStage.RoundQuestions, p.State.Stage);
        await using var db = Server.Db();
        var rows = await db.Steps.AsNoTracking().Where(s => s.Condition == Condition.B).OrderBy(s => s.StepNumber).ToListAsync();
        var replay = (StepLog row) => p.Api.StepAsync(p.Token,
            new StepRequest(row.ClientStepId, row.Round, row.Condition, row.Item, row.Direction, row.StepNumber - 1, null));
        var last = await replay(rows[^1]);
        Assert.True(last.RoundFinished);
        Assert.True(last.Condition.Done);
        if (rows.Count > 1) Assert.False((await replay(rows[0])).RoundFinished);
        Assert.Equal(p.StepIds.Count - before, rows.Count);
    }
}
