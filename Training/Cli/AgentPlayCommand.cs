using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.CommandLine;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Training.Cli;

/// <summary>
/// `agent play`: simulated participants take the real study through the same HTTP API a browser uses (source "agent",
/// lambda and seed recorded), each one an <see cref="AgentParticipant"/>, several at a time; progress and a summary.
/// </summary>
internal static class AgentPlayCommand
{
    public static Command Create()
    {
        var models = new AgentModels();
        var server = CliOptions.HttpAddress("--server", "the study server's address, http(s)://...");
        var participants = CliOptions.RequiredWholeNumber("--participants", "how many agents take the study", 1, 100_000);
        var lambda = CliOptions.Number("--lambda", "the agents' softmax lambda", null, 0, 1e6);
        var seed = CliOptions.WholeNumber("--seed", "the first agent's seed (then seed + 1, ...)", 0, 0, int.MaxValue);
        var concurrency = CliOptions.WholeNumber("--concurrency", "agents at a time", 8, 1, 1000);
        var cap = CliOptions.WholeNumber("--cap", "steps after which an agent gives up a round", AgentEpisode.DefaultStepCap, 1, 1_000_000);
        var study = new Option<string?>("--study") { Description = "the study's link name (default: the server's default study); give its bundles with --none and --expo" };
        var command = new Command("play", "Simulated participants take a running study over its HTTP API.") { server, participants, lambda, seed, concurrency, cap, study };
        models.AddTo(command);
        command.SetAction(r => Play(r.GetRequiredValue(server), r.GetValue(study), r.GetValue(participants), r.GetValue(lambda), r.GetValue(seed),
            r.GetValue(concurrency), r.GetValue(cap), models.Load(r).None, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    static int Play(Uri baseUri, string? study, int participants, double lambda, int seed, int concurrency, int cap, ModelBundle none,
        TextWriter stdout, TextWriter stderr)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        // The policy reads the page's numbers in the study's unit: one standardized unit of the target is TargetStd
        // of the dataset's own units, times the study's display scale (1000 for MEDV, in $1000s, shown in dollars).
        var info = http.GetFromJsonAsync(StudyRoutes.InfoOf(study), StudyJsonContext.Default.StudyInfo).GetAwaiter().GetResult()
            ?? throw new InvalidDataException($"{baseUri} did not describe its study.");
        double unitsPerSd = none.TargetStd * info.Quantity.Scale;
        stderr.WriteLine($"Playing {participants} agents (lambda {lambda.ToString(CultureInfo.InvariantCulture)}, seed {seed}) against {baseUri}, {concurrency} at a time...");
        var clock = Stopwatch.StartNew();
        int done = 0;
        var runs = AgentParticipant.PlayManyAsync(http, participants, concurrency, lambda, seed, unitsPerSd, cap, study, (i, run) =>
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
