using ExpO.PageBench;
using Microsoft.Playwright;

// Usage: dotnet run --project bench/ExpO.PageBench -c Release -- LABEL=WORKDIR::COMMAND ARG ... [LABEL=...]
// Each server is started by its command in its working directory ({port} and {db} are filled in), measured, stopped.
// Prints a markdown table; bench/page.sh runs it for the README's run script and a plain publish.
const string Chromium = "/usr/bin/chromium";
if (args.Length == 0 || !File.Exists(Chromium))
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
    ExecutablePath = Chromium, Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});

Console.WriteLine("| server | visit | transferred | requests | first contentful paint | first usable button |");
Console.WriteLine("|---|---|---|---|---|---|");
var details = new List<string>();
foreach (var (label, dir, command) in servers)
{
    await using var server = await ServerUnderTest.StartAsync(command, dir);
    // A Prolific link: the page enters by itself and the first button is "I agree" on the consent page.
    var link = new Uri(server.BaseAddress, "?PROLIFIC_PID=PAGEBENCH&STUDY_ID=S&SESSION_ID=X").ToString();
    // A study's server has served others before: one unmeasured visit (another participant) warms its code paths, so
    // the figures are what every participant after the first meets.
    await using (var warm = await browser.NewContextAsync())
        await PageVisit.RunAsync(warm, new Uri(server.BaseAddress, "?PROLIFIC_PID=WARMUP&STUDY_ID=S&SESSION_ID=W").ToString(), "[data-testid=agree]:not([disabled])");
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
    var first = await PageVisit.RunAsync(context, link, "[data-testid=agree]:not([disabled])");
    var repeat = await PageVisit.RunAsync(context, link, "[data-testid=agree]:not([disabled])");
    await context.CloseAsync();
    foreach (var (visit, r) in new[] { ("first", first), ("repeat", repeat) })
        Console.WriteLine($"| {label} | {visit} | {r.Bytes / 1024.0:N0} KB | {r.Requests} | {r.FirstContentfulPaintMs / 1000:F2} s | {r.FirstUsableButtonMs / 1000:F2} s |");
    details.Add($"{label}, first visit, largest: " + string.Join(", ", first.Largest.Select(l => $"{Path.GetFileName(l.Url)} {l.Bytes / 1024.0:N0} KB")));
}
Console.WriteLine();
foreach (var d in details) Console.WriteLine("- " + d);
return 0;
