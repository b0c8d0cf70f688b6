using System.Net.Http.Json;
using System.Text.Json;
using ExpO.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

public sealed class StepIdempotencyTests : ServerTest
{
    [Fact]
    public async Task A_retried_step_gets_the_same_answer_and_writes_nothing_new()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterDirectAsync();
        await client.StartRoundsAsync();
        var id = Guid.NewGuid();
        var first = await client.StepAsync(1, "A", 3, "+", id);
        var again = await client.StepAsync(1, "A", 3, "+", id);
        Assert.Equal(JsonSerializer.Serialize(first.Condition), JsonSerializer.Serialize(again.Condition));
        Assert.Equal(1, again.Condition.Steps);
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task A_retry_after_later_steps_replays_its_own_result()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterDirectAsync();
        await client.StartRoundsAsync();
        var id = Guid.NewGuid();
        var first = await client.StepAsync(1, "A", 3, "+", id);
        await client.StepAsync(1, "A", 7, "-");
        var replay = await client.StepAsync(1, "A", 3, "+", id);
        Assert.Equal(JsonSerializer.Serialize(first.Condition), JsonSerializer.Serialize(replay.Condition));
        Assert.Equal(first.RoundFinished, replay.RoundFinished);
        Assert.Equal(2, (await client.StateAsync()).Round!.A.Steps);
        await using var db = Server.Db();
        Assert.Equal(2, await db.Steps.CountAsync());
    }

    [Fact]
    public async Task The_same_click_sent_five_times_at_once_is_written_once()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterDirectAsync();
        await client.StartRoundsAsync();
        var request = new StepRequest(Guid.NewGuid(), 1, "B", 2, "+", DateTimeOffset.UtcNow);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            var r = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Steps(client.Token), request);
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            return (await r.Content.ReadFromJsonAsync<StepResponse>())!;
        }));
        Assert.Single(responses.Select(r => JsonSerializer.Serialize(r.Condition)).Distinct());
        await using var db = Server.Db();
        Assert.Equal(1, await db.Steps.CountAsync());
        Assert.Equal(1, (await client.StateAsync()).Round!.B.Steps);
    }

    [Fact]
    public async Task Different_clicks_at_once_are_all_kept_in_order()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterDirectAsync();
        await client.StartRoundsAsync();
        var state = await client.StateAsync();
        // Items with a tiny shown effect, so that the condition does not finish on the way.
        var small = state.Round!.A.Items.OrderBy(i => i.ExpectedChangeDollars).Take(4).ToArray();
        await Task.WhenAll(small.Select(async (item, k) =>
        {
            var r = await Server.CreateClient().PostAsJsonAsync(StudyRoutes.Steps(client.Token),
                new StepRequest(Guid.NewGuid(), 1, "A", item.Number, k % 2 == 0 ? "+" : "-", null));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }));
        await using var db = Server.Db();
        var steps = await db.Steps.OrderBy(s => s.StepNumber).ToListAsync();
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.StepNumber));
        for (int i = 1; i < steps.Count; i++) Assert.Equal(steps[i - 1].PointAfter, steps[i].PointBefore);
    }

    [Fact]
    public async Task Replaying_the_click_that_finished_a_round_says_it_finished_the_round_and_earlier_clicks_do_not()
    {
        var client = new StudyClient(Server.CreateClient());
        await client.EnterDirectAsync();
        await client.StartRoundsAsync();
        var rng = new Random(5);
        await client.SolveAsync(1, (await client.StateAsync()).Round!.A, rng);
        var ids = new List<Guid>();
        await client.SolveAsync(1, (await client.StateAsync()).Round!.B, rng, stepIds: ids);
        Guid firstId = ids[0], lastId = ids[^1];
        var last = await client.StepAsync(1, "B", 1, "+", lastId);
        Assert.True(last.RoundFinished);
        Assert.True(last.Condition.Done);
        if (firstId != lastId)
            Assert.False((await client.StepAsync(1, "B", 1, "+", firstId)).RoundFinished);
    }
}
