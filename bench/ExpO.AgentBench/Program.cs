using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ExpO.Bench;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;

// The simulated participant's benchmarks, one process, side by side: (1) the full offline sweep and, in the same run,
// the bare LIME roof (fresh explanations on every core); (2) 200 agents playing whole studies against the Release
// server as its own process, then the headless analyze on what they left. Prints markdown for docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var root = Directory.GetCurrentDirectory();
int agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var bundles = ModelBundleFile.LoadFolder(Path.Combine(root, "models"));
var (none, expo) = (bundles["none"], bundles["expo"]);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores.");
Console.WriteLine();

// 1a. The bare LIME roof: fresh explanations (1000 samples, a model run on all of them) on every core.
var lime = LimeExplainer.ForStandardizedInputs(11);
var runtime = new MlpRuntime(none, splitLargeBatches: false);
int roofCount = 2000;
var clock = Stopwatch.StartNew();
Parallel.For(0, roofCount, i => lime.Explain(runtime, none.StartPoints[i % none.StartPoints.Count].ToArray(), i));
double roof = roofCount / clock.Elapsed.TotalSeconds;

// 1b. The full sweep (the issue's: 8 lambdas x 2000 episodes x both models), with the sample bank.
clock.Restart();
var sweep = AgentSweep.Run(new MlpRuntime(none), new MlpRuntime(expo), none.StartPoints, new SweepOptions());
double sweepSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine("| offline sweep (8 lambdas x 2000 episodes x 2 models) | seconds | explanations | explanations per second | ratio to the bare LIME roof |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine($"| sample bank (default) | {sweepSeconds:F1} | {sweep.Explanations} | {sweep.Explanations / sweepSeconds:F0} | {sweep.Explanations / sweepSeconds / roof:F1}x |");
Console.WriteLine($"| bare LIME roof: fresh explanations on {Environment.ProcessorCount} cores | | {roofCount} | {roof:F0} | 1.0x |");
Console.WriteLine();

// 2. Agents against the Release server process on a fresh database.
var bin = Path.Combine(root, "Server", "bin", "Release", "net10.0");
await using var server = await ServerProcess.StartBuiltAsync(root, "Release",
    // The agents play flat out from one client, as the dashboard's exempt runner does.
    ["--Limits:EntriesPerMinutePerClient", "1000000", "--Limits:StepsPerSecondPerParticipant", "1000000"], TimeSpan.FromSeconds(30));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 100 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
clock.Restart();
var runs = await AgentParticipant.PlayManyAsync(http, agents, 16, 10, 7, none.DollarsPerTargetSd, AgentEpisode.DefaultStepCap, study: null);
double playSeconds = clock.Elapsed.TotalSeconds;
int finished = runs.Count(r => r.Outcome == AgentOutcome.Finished), failed = runs.Count(r => r.Outcome == AgentOutcome.Failed);
foreach (var e in runs.Where(r => r.Error is not null).Select(r => r.Error).Distinct().Take(5)) Console.WriteLine($"error: {e}");

// The headless analyze, as a researcher runs it, on the database the agents left.
var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { "ExpO.Server.dll", "analyze", "--include-simulated", "--json", $"--Database:Path={server.DatabasePath}" }) psi.ArgumentList.Add(a);
using var analyze = Process.Start(psi)!;
var json = JsonNode.Parse(await analyze.StandardOutput.ReadToEndAsync())!;
await analyze.WaitForExitAsync();
var steps = json["steps"]!;
Console.WriteLine("| online agents (lambda 10, 16 at a time, 5 rounds each) | finished | capped | failed | seconds | ExpO mean steps | None mean steps | Student's p |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
Console.WriteLine($"| {agents} agents, Release server process, SQLite | {finished} | {runs.Count(r => r.Outcome == AgentOutcome.Capped)} | {failed} | {playSeconds:F1} | " +
    $"{(double)steps["expo"]!["mean"]!:F2} | {(double)steps["none"]!["mean"]!:F2} | {(double)steps["student_t"]!["p"]!:G3} |");
return failed == 0 ? 0 : 1;
