using System.Diagnostics;
using System.Globalization;
using ExpO.Shared.Agents;
using ExpO.Shared.Contracts;
using ExpO.Shared.Study;

namespace ExpO.Training.Cli;

/// <summary>
/// `agent play`: simulated participants take the real study through the same HTTP API a browser uses (source "agent",
/// lambda and seed recorded), each one an <see cref="AgentParticipant"/>, several at a time; progress and a summary.
/// </summary>
public static class AgentPlay
{
    public static int Run(Arguments a, TextWriter stdout, TextWriter stderr)
    {
        var server = a.Required("--server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new UsageException($"--server takes an http(s) address, not '{server}'.");
        if (a.Text("--participants") is null) throw new UsageException("Option '--participants' is required.");
        int participants = a.WholeNumber("--participants", 0, 1, 100_000);
        if (a.Text("--lambda") is null) throw new UsageException("Option '--lambda' is required.");
        double lambda = a.Number("--lambda", 0, 0, 1e6);
        int seed = a.WholeNumber("--seed", 0, 0, int.MaxValue);
        int concurrency = a.WholeNumber("--concurrency", 8, 1, 1000);
        int cap = a.WholeNumber("--cap", AgentEpisode.DefaultStepCap, 1, 1_000_000);
        var (none, _) = AgentCommands.LoadModels(a);

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        stderr.WriteLine($"Playing {participants} agents (lambda {lambda.ToString(CultureInfo.InvariantCulture)}, seed {seed}) against {baseUri}, {concurrency} at a time...");
        var clock = Stopwatch.StartNew();
        int done = 0;
        var runs = AgentParticipant.PlayManyAsync(http, participants, concurrency, lambda, seed, none.DollarsPerTargetSd, cap, (i, run) =>
        {
            int n = Interlocked.Increment(ref done);
            if (run.Outcome == AgentOutcome.Failed) stderr.WriteLine($"  agent {i} (seed {run.Seed}) failed: {run.Error}");
            if (n % Math.Max(1, participants / 20) == 0 || n == participants)
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n}/{participants} done, {clock.Elapsed.TotalSeconds:F0} s"));
        }).GetAwaiter().GetResult();

        int finished = runs.Count(r => r.Outcome == AgentOutcome.Finished), capped = runs.Count(r => r.Outcome == AgentOutcome.Capped);
        int failed = runs.Count(r => r.Outcome == AgentOutcome.Failed);
        var steps = runs.Where(r => r.Outcome == AgentOutcome.Finished).SelectMany(r => r.Steps).SelectMany(s => new[] { s.A, s.B }).ToList();
        string mean = steps.Count > 0 ? steps.Average().ToString("F2", CultureInfo.InvariantCulture) : "–";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{finished} finished, {capped} capped at {cap} steps, {failed} failed, in {clock.Elapsed.TotalSeconds:F1} s; mean steps per side of a round {mean}."));
        stdout.WriteLine("Which side was ExpO is the server's to say: analyze --include-simulated.");
        return failed > 0 ? 1 : 0;
    }

}
