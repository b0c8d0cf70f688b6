using System.Diagnostics;
using System.Globalization;
using ExpO.Bench;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

// Simulated participants against the real server process on loopback (bench/load.sh). Prints a markdown report.
// Usage: ExpO.LoadBench [seconds per phase, default 20]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
string root = ServerProcess.CheckoutRoot();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; {seconds} s per phase; server: Release build, SQLite (WAL) in a temp folder, request logging on.");
Console.WriteLine();

// 1. The compute roof: bare LIME explanations per second (1000 samples) of the managed runtime on this machine.
var bundle = ModelBundleFile.Load(Path.Combine(root, "models", "expo.bundle.json"));
var runtime = new MlpRuntime(bundle);
var explainer = LimeExplainer.ForStandardizedInputs(bundle.InputSize);
double Roof(int workers)
{
    long done = 0;
    var clock = Stopwatch.StartNew();
    Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
    {
        int i = w;
        while (clock.Elapsed.TotalSeconds < 5)
        {
            explainer.Explain(runtime, bundle.StartPoints[i % bundle.StartPoints.Count].ToArray(), i);
            i += workers;
            Interlocked.Increment(ref done);
        }
    });
    return done / clock.Elapsed.TotalSeconds;
}
Roof(2);
double roof = Math.Max(Roof(1), Roof(Environment.ProcessorCount));
Console.WriteLine($"Compute roof: {roof:F0} explanations per second (best of 1 and {Environment.ProcessorCount} concurrent explainers).");
Console.WriteLine();

// The Release build, run from its own folder, on a fresh database. Extra server settings for experiments, e.g.
// LOADBENCH_SERVER_ARGS="--Serilog:MinimumLevel:Default Warning".
await using var server = await ServerProcess.StartBuiltAsync(root, "Release",
    // One client plays 200 participants flat out: the abuse limits (Limits:*) would measure themselves.
    ["--Limits:EntriesPerMinutePerClient", "1000000", "--Limits:StepsPerSecondPerParticipant", "1000000",
     .. (Environment.GetEnvironmentVariable("LOADBENCH_SERVER_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)],
    TimeSpan.FromSeconds(20));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var participants = new List<TimedParticipant>();
var setup = Stopwatch.StartNew();
for (int i = 0; i < 200; i++)
{
    var p = new TimedParticipant(http, i);
    await p.StartAsync();
    participants.Add(p);
}
Console.WriteLine($"Set-up: 200 participants entered, consented and started in {setup.Elapsed.TotalSeconds:F1} s (each entry explains 10 start points).");
for (int i = 0; i < 20; i++) await participants[i].StepAsync(); // warm-up
long answered = 20;
Console.WriteLine();

// 2. Flat out: n participants stepping as fast as the server answers.
Console.WriteLine("| flat out: participants | steps per second | share of the compute roof | p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|");
foreach (int n in new[] { 1, 50, 200 })
{
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(participants.Take(n).Select(async p =>
    {
        var mine = new List<double>();
        while (clock.Elapsed.TotalSeconds < seconds) mine.Add(await p.StepAsync());
        lock (latencies) latencies.AddRange(mine);
    }));
    double rate = latencies.Count / clock.Elapsed.TotalSeconds;
    answered += latencies.Count;
    Console.WriteLine($"| {n} | {rate:F0} | {rate / roof:P0} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} |");
}
Console.WriteLine();

// 3. Paced like people: 200 participants, each clicking once a second (start times spread over the first second).
{
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(participants.Select(async (p, i) =>
    {
        var mine = new List<double>();
        var next = TimeSpan.FromMilliseconds(i * 1000.0 / participants.Count);
        while (next.TotalSeconds < seconds)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            mine.Add(await p.StepAsync());
            next += TimeSpan.FromSeconds(1);
        }
        lock (latencies) latencies.AddRange(mine);
    }));
    Console.WriteLine("| paced: 200 participants, 1 click/s each | steps | steps per second | p50 ms | p99 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    Console.WriteLine($"| | {latencies.Count} | {latencies.Count / clock.Elapsed.TotalSeconds:F0} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} | {latencies.Max():F1} |");
    answered += latencies.Count;
}
Console.WriteLine();

// 4. Every answered step must be in the file: the server answers only after the commit.
await using (var db = new StudyDbContext(new DbContextOptionsBuilder<StudyDbContext>().UseSqlite($"Data Source={server.DatabasePath}").Options))
{
    long rows = await db.Steps.LongCountAsync();
    Console.WriteLine($"Steps answered: {answered}; step rows in the database: {rows}{(rows == answered ? " (all there)" : " (MISMATCH)")}.");
    if (rows != answered) Environment.ExitCode = 1;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
