using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace ExpO.PageBench;

/// <summary>
/// What one participant's arrival cost and when it became readable and usable, as Chromium saw it: the entry page
/// (the consent and its button) and, after pressing "I agree", the study page (the practice board and its start button).
/// </summary>
sealed record VisitResult(
    long EntryBytes, double FirstContentfulPaintMs, double FirstUsableButtonMs,
    long TotalBytes, int Requests, double StudyUsableAfterAgreeMs, IReadOnlyList<(string Url, long Bytes)> Largest);

/// <summary>
/// One visit in a throttled Chromium tab. Bytes are what crossed the wire (CDP's encodedDataLength: headers and
/// compressed bodies; a file served from the browser cache counts 0). A usable button is a real, enabled button: the
/// moment a participant's press does something.
/// </summary>
static class PageVisit
{
    // The link: 10 Mbit/s down and up, 40 ms round trip. PAGEBENCH_MBIT=0 measures without throttling, which
    // shows how much of the time is the browser's own work (the floor no byte saved can lower).
    static readonly double BitsPerSecond = double.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_MBIT") ?? "10") * 1_000_000;
    static double LatencyMs => BitsPerSecond > 0 ? 40 : 0;
    // How long a participant reads the consent before pressing "I agree" (what a prefetch may use).
    static readonly int ReadingMs = int.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_READING_MS") ?? "5000");

    public const string EntryButton = "[data-testid=agree]:not([disabled])";
    public const string StudyButton = "[data-testid=start-rounds]:not([disabled])";

    public static async Task<VisitResult> RunAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        if (BitsPerSecond > 0)
            await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
            {
                ["offline"] = false, ["latency"] = LatencyMs,
                ["downloadThroughput"] = BitsPerSecond / 8, ["uploadThroughput"] = BitsPerSecond / 8,
            });
        var urls = new Dictionary<string, string>();
        var sizes = new List<(string Url, long Bytes)>();
        var clock = Stopwatch.StartNew();
        var timeline = Environment.GetEnvironmentVariable("PAGEBENCH_TIMELINE") == "1";
        var started = new Dictionary<string, double>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            var id = e!.Value.GetProperty("requestId").GetString()!;
            urls[id] = e.Value.GetProperty("request").GetProperty("url").GetString()!;
            started[id] = clock.Elapsed.TotalMilliseconds;
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            var id = e!.Value.GetProperty("requestId").GetString()!;
            long bytes = (long)e.Value.GetProperty("encodedDataLength").GetDouble();
            if (timeline) Console.Error.WriteLine($"  {started.GetValueOrDefault(id),7:F0} -> {clock.Elapsed.TotalMilliseconds,7:F0} ms {bytes,9} B {urls.GetValueOrDefault(id, id)}");
            lock (sizes) sizes.Add((urls.GetValueOrDefault(id, id), bytes));
        };
        long Bytes() { lock (sizes) return sizes.Sum(s => s.Bytes); }

        clock.Restart();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await page.Locator(EntryButton).WaitForAsync(new() { Timeout = 120_000 });
        double usable = clock.Elapsed.TotalMilliseconds;
        var paint = await page.EvaluateAsync<JsonElement>("() => performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)");
        double fcp = paint.GetArrayLength() > 0 ? paint[0].GetDouble() : double.NaN;
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 120_000 });
        long entryBytes = Bytes();

        await page.WaitForTimeoutAsync(ReadingMs);
        var agreed = Stopwatch.StartNew();
        await page.Locator(EntryButton).ClickAsync();
        await page.Locator(StudyButton).WaitForAsync(new() { Timeout = 120_000 });
        double studyUsable = agreed.Elapsed.TotalMilliseconds;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
        await page.CloseAsync();
        lock (sizes)
            return new VisitResult(entryBytes, fcp, usable, sizes.Sum(s => s.Bytes), sizes.Count, studyUsable,
                sizes.OrderByDescending(s => s.Bytes).Take(6).Select(s => (new Uri(s.Url).AbsolutePath, s.Bytes)).ToList());
    }
}
