using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Shared.Science.Agents;

/// <summary>How one simulated participant's study ended.</summary>
public enum AgentOutcome { Finished, Capped, Failed }

/// <summary>One agent's run: how it ended, its steps per finished round on sides A and B, every click it sent, and the error if it failed.</summary>
public sealed record AgentRun(int Seed, AgentOutcome Outcome, IReadOnlyList<(int A, int B)> Steps, int Clicks, string? Error);

/// <summary>
/// The agent as a participant in the real study, through the same API a browser uses: enters with source "agent"
/// (its lambda and seed recorded), clicks with <see cref="SoftmaxClickPolicy"/>, answers by the side it finished in
/// fewer steps, and completes. A side that reaches the cap ends the run as capped (the study stays unfinished).
/// </summary>
public static class AgentParticipant
{
    /// <summary>
    /// Many agents through one connection, <paramref name="concurrency"/> at a time; agent i plays with seed
    /// Seeds.Mix(seed, i). Each run is handed to <paramref name="ended"/> (its index and result) as it ends.
    /// </summary>
    public static async Task<AgentRun[]> PlayManyAsync(HttpClient http, int participants, int concurrency, double lambda, int seed,
        double dollarsPerTargetSd, int cap, string? study, Action<int, AgentRun>? ended = null, CancellationToken ct = default)
    {
        var runs = new AgentRun[participants];
        await Parallel.ForAsync(0, participants, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
        {
            runs[i] = await PlayAsync(new StudyApiClient(http), lambda, Seeds.Mix(seed, i), dollarsPerTargetSd, cap, study, token);
            ended?.Invoke(i, runs[i]);
        });
        return runs;
    }

    /// <summary>One agent from entry to completion; an error ends it as failed with the message, never silently.</summary>
    /// <param name="dollarsPerTargetSd">The study's display units in one standardized unit of its target (dollars for housing).</param>
    /// <param name="study">The study's link name; null: the default study.</param>
    public static async Task<AgentRun> PlayAsync(IStudyApi api, double lambda, int seed, double dollarsPerTargetSd, int cap, string? study,
        CancellationToken ct)
    {
        var policy = new SoftmaxClickPolicy(new GreedySoftmaxPolicy(lambda), dollarsPerTargetSd);
        var agent = new SimulatedParticipant(api, policy, seed)
        {
            RoundAnswers = s =>
            {
                var choice = SoftmaxClickPolicy.FewerSteps(s.Round!.A.Steps, s.Round.B.Steps);
                return (choice, choice);
            },
            FinalAnswers = rounds =>
            {
                var choice = SoftmaxClickPolicy.FewerSteps(rounds.Sum(r => r.A.Steps), rounds.Sum(r => r.B.Steps));
                string why = $"simulated: {rounds.Sum(r => r.A.Steps)} steps on A, {rounds.Sum(r => r.B.Steps)} on B";
                return new FinalAnswersRequest(choice, why, choice, why, null);
            },
        };
        try
        {
            await agent.EnterAsync(new EntryRequest
            {
                Source = RecruitmentSource.Agent,
                Study = study,
                ClientEntryId = Guid.NewGuid(),
                AgentLambda = lambda,
                AgentSeed = seed,
            }, ct);
            while (agent.State.Stage != StudyStage.Complete)
            {
                if (agent.State is { Stage: StudyStage.Round, Round: { } round } && (round.A.Done ? round.B : round.A).Steps >= cap)
                    return new AgentRun(seed, AgentOutcome.Capped, Steps(agent), agent.StepIds.Count, null);
                await agent.ActAsync(ct);
            }
            return new AgentRun(seed, AgentOutcome.Finished, Steps(agent), agent.StepIds.Count, null);
        }
        catch (Exception e) when (e is StudyApiException or HttpRequestException or TaskCanceledException)
        {
            return new AgentRun(seed, AgentOutcome.Failed, Steps(agent), agent.StepIds.Count, e.Message);
        }
    }

    static IReadOnlyList<(int A, int B)> Steps(SimulatedParticipant agent) => agent.FinishedRounds.Select(r => (r.A.Steps, r.B.Steps)).ToList();
}
