using ExpO.Bench;
using ExpO.PageBench;
using Microsoft.Playwright;

// Usage: dotnet run --project bench/ExpO.PageBench -c Release -- LABEL=WORKDIR::COMMAND ARG ... [LABEL=...]
// Each server is started by its command in its working directory ({db} is filled in), measured, stopped.
// Prints a markdown table; bench/page.sh runs it for the README's run command and a plain publish.
const string Chromium = "/usr/bin/chromium";
if (args.Length == 0 || !File.Exists(Chromium) || args.Any(a => !a.Contains('=') || !a.Contains("::")))
{
    Console.Error.WriteLine("usage: ExpO.PageBench LABEL=WORKDIR::COMMAND [ARGS...] [LABEL=...]  (needs Debian's chromium at /usr/bin/chromium)");
    return 2;
}
var servers = new List<(string Label, string Dir, string[] Command)>();
foreach (var spec in args)
{
    var (label, rest) = (spec[..spec.IndexOf('=')], spec[(spec.IndexOf('=') + 1)..]);
    var parts = rest.Split("::", 2);
    servers.Add((label, parts[0], parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});

Console.WriteLine("| server | visit | entry page | consent painted | first button usable | after \"I agree\": a click answered | after a reload: a click answered | whole path | requests |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var details = new List<string>();
foreach (var (label, dir, command) in servers)
{
    // `dotnet run` and ./run.sh build or publish first: allow them minutes.
    await using var server = await ServerProcess.StartAsync(dir, command, TimeSpan.FromMinutes(5));
    // A Prolific link. A study's server has served others before: one unmeasured visit (another participant, its own
    // browser) warms its code paths, so the figures are what every participant after the first meets.
    string Link(string session) => new Uri(server.BaseAddress, $"?PROLIFIC_PID=PAGEBENCH-{session}&STUDY_ID=S&SESSION_ID={session}").ToString();
    await using (var warm = await browser.NewContextAsync())
        await PageVisit.RunAsync(warm, Link("warmup"));
    // First visit: an empty cache. Repeat visit: the same browser comes back (its cache holds what the first kept).
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
    var first = await PageVisit.RunAsync(context, Link("first"));
    var repeat = await PageVisit.RunAsync(context, Link("repeat"));
    await context.CloseAsync();
    foreach (var (visit, r) in new[] { ("first", first), ("repeat", repeat) })
        Console.WriteLine($"| {label} | {visit} | {r.EntryBytes / 1024.0:N0} KB | {r.FirstContentfulPaintMs / 1000:F2} s | {r.FirstUsableButtonMs / 1000:F2} s " +
                          $"| {r.ClickAnsweredAfterAgreeMs / 1000:F2} s | {r.ClickAnsweredAfterReloadMs / 1000:F2} s | {r.TotalBytes / 1024.0:N0} KB | {r.Requests} |");
    details.Add($"{label}, first visit, largest: " + string.Join(", ", first.Largest.Select(l => $"{Path.GetFileName(l.Url)} {l.Bytes / 1024.0:N0} KB")));
}
Console.WriteLine();
foreach (var d in details) Console.WriteLine("- " + d);
return 0;
