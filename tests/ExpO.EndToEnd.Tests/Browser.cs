using Microsoft.Playwright;

namespace ExpO.EndToEnd.Tests;

/// <summary>Debian's Chromium under Playwright, launched as this machine needs it (see README).</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    IPlaywright? _playwright;
    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser tests need Debian's Chromium at {ChromiumPath}: run `apt-get install -y chromium` (.ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The closed network here refuses Chromium's background connections; these flags keep it quiet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    // The MTurk frame tests stand in a public origin (answered by the test) for MTurk's page around the
                    // HIT, while the study server is on loopback; Chromium's local-network checks would refuse that
                    // pairing, which a deployed study (public server) never meets. Framing rules (CSP) still apply.
                    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// Collects what Chromium reports as blocked by the page's Content-Security-Policy ("Refused to ... because it
    /// violates the following Content Security Policy directive"): a page that works must have none.
    /// </summary>
    public static List<string> CspViolations(IPage page)
    {
        var seen = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (seen) seen.Add(message.Text); };
        return seen;
    }

    /// <summary>Where screenshots are kept (ignored by git): artifacts/screenshots in the checkout.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepoFiles.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<Browser>;
