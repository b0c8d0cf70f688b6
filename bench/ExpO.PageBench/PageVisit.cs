using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace ExpO.PageBench;

/// <summary>What one visit cost and when it became readable and usable, as Chromium saw it.</summary>
sealed record VisitResult(long Bytes, int Requests, double FirstContentfulPaintMs, double FirstUsableButtonMs, IReadOnlyList<(string Url, long Bytes)> Largest);

/// <summary>
/// One visit in a throttled Chromium tab. Bytes are what crossed the wire (CDP's encodedDataLength: headers and
/// compressed bodies; a file served from the browser cache counts 0). The first usable button is a real button the
/// client rendered, enabled: the moment a participant's click does something.
/// </summary>
static class PageVisit
{
    // The issue's link: 10 Mbit/s down and up, 40 ms round trip. PAGEBENCH_MBIT=0 measures without throttling, which
    // shows how much of the time is the browser's own work (the floor no byte saved can lower).
    static readonly double BitsPerSecond = double.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_MBIT") ?? "10") * 1_000_000;
    static double LatencyMs => BitsPerSecond > 0 ? 40 : 0;

    public static async Task<VisitResult> RunAsync(IBrowserContext context, string url, string usableSelector)
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
        var clock = Stopwatch.StartNew();
        double clockMs() => clock.Elapsed.TotalMilliseconds;
        var sizes = new List<(string Url, long Bytes)>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
            urls[e!.Value.GetProperty("requestId").GetString()!] = e.Value.GetProperty("request").GetProperty("url").GetString()!;
        var timeline = Environment.GetEnvironmentVariable("PAGEBENCH_TIMELINE") == "1";
        var started = new Dictionary<string, double>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            if (timeline) started[e!.Value.GetProperty("requestId").GetString()!] = clockMs();
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            var id = e!.Value.GetProperty("requestId").GetString()!;
            if (timeline) Console.Error.WriteLine($"  {started.GetValueOrDefault(id),7:F0} -> {clockMs(),7:F0} ms {(long)e.Value.GetProperty("encodedDataLength").GetDouble(),9} B {urls.GetValueOrDefault(id, id)}");
            lock (sizes) sizes.Add((urls.GetValueOrDefault(id, id), (long)e.Value.GetProperty("encodedDataLength").GetDouble()));
        };
        clock.Restart();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await page.Locator(usableSelector).WaitForAsync(new() { Timeout = 120_000 });
        double usable = clock.Elapsed.TotalMilliseconds;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
        var paint = await page.EvaluateAsync<JsonElement>(
            "() => performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)");
        double fcp = paint.GetArrayLength() > 0 ? paint[0].GetDouble() : double.NaN;
        await page.CloseAsync();
        lock (sizes)
            return new VisitResult(sizes.Sum(s => s.Bytes), sizes.Count, fcp, usable,
                sizes.OrderByDescending(s => s.Bytes).Take(8).Select(s => (new Uri(s.Url).AbsolutePath, s.Bytes)).ToList());
    }
}
