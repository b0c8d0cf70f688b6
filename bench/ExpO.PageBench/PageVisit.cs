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
    long TotalBytes, int Requests, double ClickAnsweredAfterAgreeMs, double ClickAnsweredAfterReloadMs,
    IReadOnlyList<(string Url, long Bytes)> Largest);

/// <summary>
/// One visit in a throttled Chromium tab. Bytes are what crossed the wire (CDP's encodedDataLength: headers and
/// compressed bodies; a file served from the browser cache counts 0). A usable button is a real, enabled button. On the
/// study page a click "has an effect" when the server's answer is on the page (the board's step count moved on): the
/// bench presses a + as a participant would, again every 100 ms until one press is answered, so a button drawn
/// before the client is wired does not count.
/// </summary>
static class PageVisit
{
    // The link: 10 Mbit/s down and up, 40 ms round trip. PAGEBENCH_MBIT=0 measures without throttling, which
    // shows how much of the time is the browser's own work (the floor no byte saved can lower).
    static readonly double BitsPerSecond = double.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_MBIT") ?? "10") * 1_000_000;
    static double LatencyMs => BitsPerSecond > 0 ? 40 : 0;
    // How long a participant reads the consent before pressing "I agree" (what a prefetch may use).
    static readonly int ReadingMs = int.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_READING_MS") ?? "8000");

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
                ["offline"] = false,
                ["latency"] = LatencyMs,
                ["downloadThroughput"] = BitsPerSecond / 8,
                ["uploadThroughput"] = BitsPerSecond / 8,
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
        // The page's own console lines on the same clock (the client's start-up marks, when it writes any).
        if (timeline) page.Console += (_, m) => Console.Error.WriteLine($"  {clock.Elapsed.TotalMilliseconds,7:F0} ms console: {m.Text}");

        clock.Restart();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await page.Locator(EntryButton).WaitForAsync(new() { Timeout = 120_000 });
        double usable = clock.Elapsed.TotalMilliseconds;
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 120_000 });
        // Chromium records the paint after the frame that made it: read once it is there (a button found within
        // 0.2 s of the request can come before the entry, which read at once gave "NaN").
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('first-contentful-paint').length > 0", null, new() { Timeout = 10_000 });
        var paint = await page.EvaluateAsync<JsonElement>("() => performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)");
        double fcp = paint.GetArrayLength() > 0 ? paint[0].GetDouble() : double.NaN;
        long entryBytes = Bytes();

        await page.WaitForTimeoutAsync(ReadingMs);
        var agreed = Stopwatch.StartNew();
        await page.Locator(EntryButton).ClickAsync();
        double afterAgree = await ClickAnsweredAsync(page, "Practice", 0, agreed);

        // Mid-round: one click on the round's board, then a reload, and the first click answered after it.
        await page.Locator(StudyButton).ClickAsync();
        await ClickAnsweredAsync(page, "A", 0, Stopwatch.StartNew());
        var reloaded = Stopwatch.StartNew();
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        double afterReload = await ClickAnsweredAsync(page, "A", 1, reloaded);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
        await page.CloseAsync();
        lock (sizes)
            return new VisitResult(entryBytes, fcp, usable, sizes.Sum(s => s.Bytes), sizes.Count, afterAgree, afterReload,
                sizes.OrderByDescending(s => s.Bytes).Take(6).Select(s => (new Uri(s.Url).AbsolutePath, s.Bytes)).ToList());
    }

    /// <summary>
    /// Presses item 1's + on the board until a press is answered; the milliseconds on <paramref name="clock"/> then. The
    /// press is the mouse's own (no wait for the button to look ready, as Playwright's click would add, with retries of
    /// up to half a second after its own scrolling): from the moment the button is on the page, pressed again every
    /// 100 ms until answered.
    /// </summary>
    static async Task<double> ClickAnsweredAsync(IPage page, string board, int stepsBefore, Stopwatch clock)
    {
        var selector = $"[data-testid=condition-{board}] [data-testid=item-1] [data-testid=plus]";
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            double[]? at;
            try
            {
                // Scrolled to first where it is below the window (the practice board, under the instructions), as a
                // participant scrolls to it.
                at = await page.EvaluateAsync<double[]?>("s => { const e = document.querySelector(s); if (!e) return null; " +
                    "let r = e.getBoundingClientRect(); if (r.bottom > innerHeight || r.top < 0) { e.scrollIntoView({ block: 'center' }); r = e.getBoundingClientRect(); } " +
                    "return [r.x + r.width / 2, r.y + r.height / 2]; }", selector);
            }
            catch (PlaywrightException) { at = null; } // the document is being replaced (a navigation)
            if (at is null) { await Task.Delay(10); continue; }
            await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
            try
            {
                await page.WaitForFunctionAsync("([b, n]) => Number(document.querySelector(`[data-testid=condition-${b}]`)?.dataset.steps) > n",
                    new object[] { board, stepsBefore }, new() { Timeout = 100, PollingInterval = 10 });
                return clock.Elapsed.TotalMilliseconds;
            }
            catch (TimeoutException) { } // not answered yet: press again, as an impatient participant does
        }
        throw new TimeoutException($"No press on the {board} board was answered in 2 minutes.");
    }
}
