using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

public class StudyFlowTests : ServerTest
{
    [Fact]
    public async Task A_whole_study_is_played_and_every_step_is_in_the_database()
    {
        var client = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 1)
        {
            RoundAnswers = s => (s.RoundNumber % 2 == 0 ? Preference.A : Preference.Same, Preference.B),
        };
        Assert.Equal(EntryOutcome.Started, (await client.EnterDirectAsync()).Outcome);
        Assert.Equal(StudyStage.Consent, client.State.Stage);
        await client.ActAsync();
        await client.ActAsync();

        for (int round = 1; round <= 5; round++)
        {
            var state = await client.RefreshAsync();
            Assert.Equal(StudyStage.Round, state.Stage);
            Assert.Equal(round, state.Round!.Number);
            Assert.Equal(0, state.Round.A.Steps);
            await client.SolveAsync(Condition.A);
            Assert.Equal(StudyStage.Round, (await client.RefreshAsync()).Stage); // B is still open
            await client.SolveAsync(Condition.B);
            Assert.Equal(StudyStage.RoundQuestions, (await client.RefreshAsync()).Stage);
            Assert.Equal(ParticipantAction.AnsweredRound, await client.ActAsync());
        }
        var final = await client.Api.AnswerFinalAsync(client.Token,
            new FinalAnswersRequest(Preference.A, "It did what it said", Preference.Same, "Hard to tell", "Nice task"));
        Assert.Equal(StudyStage.Complete, final.Stage);
        Assert.Equal(CompletionKind.Code, final.Completion!.Kind);

        await using var db = Server.Db();
        var p = await db.Participants.Include(x => x.Rounds).ThenInclude(r => r.Conditions).Include(x => x.FinalAnswers).SingleAsync();
        Assert.Equal(StudyStage.Complete, p.Stage);
        Assert.NotNull(p.CompletedUtc);
        Assert.Equal(5, p.Rounds.Count);
        Assert.Equal(5, p.Rounds.Select(r => r.StartPointIndex).Distinct().Count()); // a different house per round
        // Coded as the published data: A = 1, B = -1, no difference = 0 (docs/study-protocol.md).
        var stored = await db.Database.SqlQueryRaw<int>("SELECT \"Useful\" AS \"Value\" FROM \"FinalAnswers\" UNION ALL SELECT \"Expectation\" FROM \"FinalAnswers\"").ToListAsync();
        Assert.Equal([1, 0], stored);
        Assert.Equal(Preference.B, p.Rounds.Single(r => r.Number == 1).Expectation);
        Assert.Equal(Preference.Same, p.Rounds.Single(r => r.Number == 1).Useful);
        Assert.Equal(Preference.A, p.Rounds.Single(r => r.Number == 2).Useful);

        var steps = await db.Steps.Where(s => s.ParticipantId == p.Id).ToListAsync();
        foreach (var round in p.Rounds)
            foreach (var condition in round.Conditions)
            {
                var mine = steps.Where(s => s.Round == round.Number && s.Condition == condition.Slot).OrderBy(s => s.StepNumber).ToList();
                Assert.Equal(condition.Steps, mine.Count);
                Assert.Equal(Enumerable.Range(1, mine.Count), mine.Select(s => s.StepNumber));
                Assert.True(condition.Done);
                Assert.Equal(round.StartPoint, mine[0].PointBefore);       // the round's house
                Assert.True(mine[^1].Done);
                Assert.All(mine.SkipLast(1), s => Assert.False(s.Done));
                for (int i = 0; i < mine.Count; i++)
                {
                    var s = mine[i];
                    Assert.Equal(condition.ModelName, s.ModelName);
                    Assert.Equal(condition.ModelName == "expo" ? (condition.Slot == Condition.A) : (condition.Slot == Condition.B), p.ExpoFirst);
                    // The move is exactly one step on the clicked item, in the direction the hidden sign implies.
                    var moved = s.PointAfter.Zip(s.PointBefore, (a, b) => a - b).ToArray();
                    Assert.Equal(1.0, Math.Abs(moved[s.Item - 1]), 9);
                    Assert.Equal((int)s.Direction * s.CoefficientSign, Math.Sign(moved[s.Item - 1]));
                    Assert.Equal(Math.Sign(s.ExplanationShown.Coefficients[s.Item - 1]) >= 0 ? 1 : -1, s.CoefficientSign);
                    Assert.Equal(10, moved.Count(m => m == 0));
                    Assert.Equal(11, s.ExplanationShown.Coefficients.Length);
                    Assert.NotEqual(Guid.Empty, s.ClientStepId);
                    Assert.NotNull(s.ClientTimeUtc);
                    if (i > 0)
                    {
                        Assert.Equal(mine[i - 1].PointAfter, s.PointBefore);
                        Assert.Equal(mine[i - 1].PredictionAfter, s.PredictionBefore);
                        Assert.Equal(mine[i - 1].ExplanationAfter.Seed, s.ExplanationShown.Seed);
                        Assert.Equal(mine[i - 1].ExplanationAfter.Coefficients, s.ExplanationShown.Coefficients);
                    }
                }
                // Done means inside the target range (protocol: |prediction - target| < 0.1).
                Assert.True(Math.Abs(mine[^1].PredictionAfter - condition.Target) < 0.1);
                Assert.Equal(condition.StartPrediction + 1.0, condition.Target, 9);
            }
    }

    [Fact]
    public async Task A_refresh_resumes_at_the_exact_state()
    {
        var client = await StartedAsync();
        await client.ClickAsync(Condition.A, 4, Direction.Up);
        await client.ClickAsync(Condition.B, 2, Direction.Down);
        var before = await client.RefreshAsync();

        // Another device with the same link: a new HTTP client, the same token.
        var after = await client.Through(Api()).RefreshAsync();
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(after));
        Assert.Equal(1, after.Round!.A.Steps);
        Assert.Equal(1, after.Round.B.Steps);
    }

    [Fact]
    public async Task Practice_answers_without_recording_anything()
    {
        var client = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 1);
        await client.EnterDirectAsync();
        await client.ActAsync();
        var start = await client.Api.PracticeAsync(client.Token, new PracticeRequest(null, 0, null));
        var moved = await client.Api.PracticeAsync(client.Token, new PracticeRequest(start.Point, 5, Direction.Up));
        Assert.Equal(1, start.Point.Zip(moved.Point, (a, b) => Math.Abs(a - b)).Count(d => d > 0.5));
        Assert.NotNull(moved.Condition.LastChangeDollars);
        Assert.Null(moved.Condition.Condition);
        // The practice target is its start's prediction + 1 SD (docs/study-protocol.md), whatever the point now.
        Assert.Equal(start.Condition.TargetDollars, moved.Condition.TargetDollars);
        await using var db = Server.Db();
        Assert.Equal(0, await db.Steps.CountAsync());
        Assert.Equal(StudyStage.Instructions, (await client.RefreshAsync()).Stage);
    }

    [Fact]
    public async Task Conditions_are_assigned_in_a_balanced_way()
    {
        for (int i = 0; i < 11; i++) await Api().EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct });
        await using var db = Server.Db();
        int expoFirst = await db.Participants.CountAsync(p => p.ExpoFirst);
        Assert.InRange(expoFirst, 5, 6);
    }
}
