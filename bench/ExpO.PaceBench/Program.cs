using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ExpO.Bench;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

// bench/pace.sh: (1) steps per second in each of the first seconds after a restart, with the runtime's thread-pool
// minimum and with Hosting:MinThreads; (2) 200 honest participants' step rate with and without an entry flood from
// one address. The Release server as its own process on loopback; every participant has its own loopback address.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// The flooder runs as its own process at the lowest CPU priority (nice 19), standing in for a client elsewhere: its
// own work must not count against the server's. `flood URL SECONDS` prints "accepted refused".
if (args is ["flood", var target, var length])
{
    var (ok, no) = await FloodAsync(new Uri(target), double.Parse(length, CultureInfo.InvariantCulture));
    Console.WriteLine($"{ok} {no}");
    return;
}
int seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
string root = ServerProcess.CheckoutRoot();
Task<ServerProcess> Start(string? folder, int port, string[]? extra = null, Dictionary<string, string>? environment = null) => ServerProcess.StartBuiltAsync(root, "Release",
    // Flat-out clients would meet the per-participant click limit first; the entry limits stay as shipped.
    ["--Limits:StepsPerSecondPerParticipant", "1000000", .. extra ?? []], TimeSpan.FromSeconds(30), folder, port, environment);
// What is compared after a restart: the runtime's JIT defaults (what the server ran before the deployment issue; the
// environment overrides runtimeconfig.json) against Server.csproj's settings. PACEBENCH_VARIANTS=all adds the others
// tried on the way.
var before = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1", ["DOTNET_TC_QuickJitForLoops"] = "1" };
var variants = new List<(string Label, string[] Args, Dictionary<string, string> Env)>
{
    ("runtime JIT defaults (before)", [], before),
    ("as shipped: loops optimized at once, TieredPGO off", [], new()),
};
if (Environment.GetEnvironmentVariable("PACEBENCH_VARIANTS") == "all")
{
    variants.Add(("defaults, thread-pool minimum 64", [], new(before) { ["DOTNET_ThreadPool_ForceMinWorkerThreads"] = "40" })); // hex
    variants.Add(("defaults, TieredPGO off", [], new(before) { ["DOTNET_TieredPGO"] = "0" }));
    variants.Add(("tiered compilation off", [], new(before) { ["DOTNET_TieredCompilation"] = "0" }));
}
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; server: Release build, SQLite (WAL), request logging on.");
Console.WriteLine();

// 1. Start at pace: 50 participants enter on one server, which is killed; a new process starts on the same database
//    and all 50 click flat out from its first second (a restart after a crash, mid-study).
if (Environment.GetEnvironmentVariable("PACEBENCH_SKIP_PACE") != "1")
{
    var folder = Directory.CreateTempSubdirectory("expo-pace-").FullName;
    int port = ServerProcess.FreePort();
    var first = await Start(folder, port);
    var people = await EnterAsync(first.BaseAddress, 50, "127.0.2.");
    await first.KillAsync();
    var runs = new List<(string Label, int[] PerSecond)>();
    foreach (var (label, extra, environment) in variants)
    {
        var server = await Start(folder, port, extra, environment);
        var perSecond = new int[seconds];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(people.Select(async p =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await p.StepAsync();
                int s = (int)clock.Elapsed.TotalSeconds;
                if (s < seconds) Interlocked.Increment(ref perSecond[s]);
            }
        }));
        await server.KillAsync();
        runs.Add((label, perSecond));
    }
    Console.WriteLine("Steps per second in each second after a restart, 50 participants clicking flat out:");
    Console.WriteLine();
    Console.WriteLine($"| second | {string.Join(" | ", runs.Select(r => r.Label))} |");
    Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
    for (int s = 0; s < seconds; s++) Console.WriteLine($"| {s + 1} | {string.Join(" | ", runs.Select(r => r.PerSecond[s]))} |");
    Console.WriteLine($"| first 5 s, mean | {string.Join(" | ", runs.Select(r => r.PerSecond.Take(5).Average().ToString("F0")))} |");
    Console.WriteLine($"| last 5 s, mean | {string.Join(" | ", runs.Select(r => r.PerSecond.TakeLast(5).Average().ToString("F0")))} |");
    Console.WriteLine();
    try { Directory.Delete(folder, true); } catch (IOException) { }
}

// 2. An entry flood from one address while 200 honest participants (their own addresses) click flat out.
{
    await using var server = await Start(null, ServerProcess.FreePort());
    if (Environment.GetEnvironmentVariable("PACEBENCH_SKIP_FLOOD") == "1") return;
    var people = await EnterAsync(server.BaseAddress, 200, "127.0.3.");
    for (int i = 0; i < 20; i++) await people[i].StepAsync(); // warm-up
    async Task<double> RateAsync()
    {
        long steps = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(people.Select(async p => { while (clock.Elapsed.TotalSeconds < seconds) { await p.StepAsync(); Interlocked.Increment(ref steps); } }));
        return steps / clock.Elapsed.TotalSeconds;
    }
    double quiet = await RateAsync();
    var self = typeof(TimedParticipant).Assembly.Location.Replace("ExpO.Bench.Common.dll", "ExpO.PaceBench.dll");
    var psi = new ProcessStartInfo("nice", ["-n", "19", "dotnet", self, "flood", server.BaseAddress.ToString(), (seconds + 1).ToString(CultureInfo.InvariantCulture)])
    { RedirectStandardOutput = true };
    using var flooder = Process.Start(psi)!;
    await Task.Delay(1000); // the flood is under way before the honest clicks are counted
    double flooded = await RateAsync();
    var counts = (await flooder.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
    await flooder.WaitForExitAsync();
    var (accepted, refused) = (counts[0], counts[1]);
    Console.WriteLine($"| 200 honest participants, flat out | steps per second |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| no flood | {quiet:F0} |");
    Console.WriteLine($"| one address flooding entries (16 connections; {accepted} entered, {refused} refused with 429) | {flooded:F0} |");
    Console.WriteLine($"| kept under the flood | {flooded / quiet:P0} (goal at least 80%) |");
}

// 16 connections from one address sending entries as fast as they are answered, for the given time.
static async Task<(long Accepted, long Refused)> FloodAsync(Uri server, double seconds)
{
    long accepted = 0, refused = 0;
    using var http = LoopbackClient.From("127.0.0.250", server);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var answer = await http.PostAsJsonAsync(StudyRoutes.Entry, new EntryRequest { Source = RecruitmentSource.Direct });
            Interlocked.Increment(ref answer.IsSuccessStatusCode ? ref accepted : ref refused);
        }
    })));
    return (accepted, refused);
}

// Each participant through its own address (prefix + 1..n), entered, consented and in round 1.
static async Task<List<TimedParticipant>> EnterAsync(Uri server, int n, string prefix)
{
    var people = new List<TimedParticipant>();
    for (int i = 0; i < n; i++)
    {
        var p = new TimedParticipant(LoopbackClient.From(prefix + (i + 1), server), i);
        await p.StartAsync();
        people.Add(p);
    }
    return people;
}
