using System.Diagnostics;
using System.Globalization;
using ExpO.Bench;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.StudyData;
using ExpO.StudyData.PostgreSql;
using Microsoft.EntityFrameworkCore;

// Simulated participants against real server processes on loopback (bench/load.sh). Prints a markdown report.
// Usage: ExpO.LoadBench [seconds per phase, default 20] [setups, default sqlite: any of sqlite,pg1,pg2,pg2-sticky in the order to run]
//   sqlite: one server on a SQLite file (WAL, synchronous=FULL); pg1: one server on PostgreSQL; pg2: two servers on one
//   PostgreSQL database, each participant's requests alternating between them (round robin per request);
//   pg2-sticky: the same two, each participant's requests to one of them (by token, as deploy/nginx.conf does).
//   PostgreSQL is a throwaway cluster with its durable defaults (fsync on), started here (bench/Common/PostgresServer.cs).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var setups = (args.Length > 1 ? args[1] : "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);
if (setups.FirstOrDefault(s => s is not ("sqlite" or "pg1" or "pg2" or "pg2-sticky")) is { } unknown)
{
    Console.Error.WriteLine($"error: unknown setup '{unknown}'; give any of sqlite, pg1, pg2, pg2-sticky (comma-separated).");
    return 2;
}
string root = ServerProcess.CheckoutRoot();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; {seconds} s per phase; servers: Release build, request logging on; setups: {string.Join(", ", setups)}.");
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
string[] serverArgs =
    // One client plays 200 participants flat out: the abuse limits (Limits:*) would measure themselves.
    ["--Limits:EntriesPerMinutePerClient", "1000000", "--Limits:StepsPerSecondPerParticipant", "1000000",
     .. (Environment.GetEnvironmentVariable("LOADBENCH_SERVER_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];
var summary = new List<string>();
foreach (var setup in setups)
{
    Console.WriteLine($"## {setup}");
    Console.WriteLine();
    var (servers, rows) = await StartAsync(setup);
    try { summary.Add($"| {setup} | {await RunAsync(servers.Select(s => s.BaseAddress.Port).ToList(), setup == "pg2-sticky", rows)}"); }
    finally { foreach (var s in servers) await s.DisposeAsync(); }
}
Console.WriteLine("| setup | flat out, 1 | flat out, 50 | flat out, 200 (steps/s) | p99 at 200, ms | paced p50, ms | paced p99, ms | rows |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var line in summary) Console.WriteLine(line);
return Environment.ExitCode;

// The setup's servers, and how to count the step rows they wrote.
async Task<(List<ServerProcess> Servers, Func<Task<long>> Rows)> StartAsync(string setup)
{
    if (setup == "sqlite")
    {
        var server = await ServerProcess.StartBuiltAsync(root, "Release", serverArgs, TimeSpan.FromSeconds(20));
        return ([server], async () =>
        {
            await using var db = new StudyDbContext(new DbContextOptionsBuilder<StudyDbContext>().UseSqlite($"Data Source={server.DatabasePath}").Options);
            return await db.Steps.LongCountAsync();
        }
        );
    }
    var connection = PostgresServer.Durable.NewDatabase("expo_bench");
    var keys = Directory.CreateTempSubdirectory("expo-bench-keys-").FullName;
    var environment = new Dictionary<string, string>
    {
        ["Database__Provider"] = "PostgreSQL",
        ["Database__ConnectionString"] = connection,
        ["Study__KeyPath"] = Path.Combine(keys, "participant.key"),
    };
    var servers = new List<ServerProcess>();
    // One after the other: the first migrates the new database.
    for (int i = 0; i < (setup == "pg1" ? 1 : 2); i++)
        servers.Add(await ServerProcess.StartBuiltAsync(root, "Release", serverArgs, TimeSpan.FromSeconds(30), environment: environment));
    return (servers, async () =>
    {
        var options = new DbContextOptionsBuilder<StudyDbContext>();
        options.UseStudyPostgreSql(connection);
        await using var db = new StudyDbContext(options.Options);
        return await db.Steps.LongCountAsync();
    }
    );
}

// 200 participants against the servers (requests spread over them): flat out at 1, 50, 200, then paced.
async Task<string> RunAsync(IReadOnlyList<int> ports, bool byParticipant, Func<Task<long>> rows)
{
    using var http = new HttpClient(new AlternatingHandler(ports, byParticipant)) { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/"), Timeout = TimeSpan.FromSeconds(60) };
    var participants = new List<TimedParticipant>();
    var setupClock = Stopwatch.StartNew();
    for (int i = 0; i < 200; i++)
    {
        var p = new TimedParticipant(http, i);
        await p.StartAsync();
        participants.Add(p);
    }
    Console.WriteLine($"Set-up: 200 participants entered, consented and started in {setupClock.Elapsed.TotalSeconds:F1} s (each entry explains 10 start points).");
    for (int i = 0; i < 20; i++) await participants[i].StepAsync(); // warm-up
    long answered = 20;
    Console.WriteLine();

    // Flat out: n participants stepping as fast as the servers answer.
    Console.WriteLine("| flat out: participants | steps per second | share of the compute roof | p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|---|");
    var flat = new List<string>();
    double p99At200 = 0;
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
        p99At200 = Percentile(latencies, 99);
        flat.Add($"{rate:F0}");
        Console.WriteLine($"| {n} | {rate:F0} | {rate / roof:P0} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 99):F1} |");
    }
    Console.WriteLine();

    // Paced like people: 200 participants, each clicking once a second (start times spread over the first second).
    var paced = new List<double>();
    {
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
            lock (paced) paced.AddRange(mine);
        }));
        Console.WriteLine("| paced: 200 participants, 1 click/s each | steps | steps per second | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| | {paced.Count} | {paced.Count / clock.Elapsed.TotalSeconds:F0} | {Percentile(paced, 50):F1} | {Percentile(paced, 99):F1} | {paced.Max():F1} |");
        answered += paced.Count;
    }
    Console.WriteLine();

    // Every answered step must be in the database: the servers answer only after the commit.
    long stored = await rows();
    bool all = stored == answered;
    Console.WriteLine($"Steps answered: {answered}; step rows in the database: {stored}{(all ? " (all there)" : " (MISMATCH)")}.");
    Console.WriteLine();
    if (!all) Environment.ExitCode = 1;
    return $"{string.Join(" | ", flat)} | {p99At200:F1} | {Percentile(paced, 50):F1} | {Percentile(paced, 99):F1} | {(all ? "all there" : "MISMATCH")} |";
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
