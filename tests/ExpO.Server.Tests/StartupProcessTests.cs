using System.Diagnostics;
using ExpO.Server.Pages;
using ExpO.Server.Tests.Durability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;

namespace ExpO.Server.Tests;

/// <summary>
/// A start that cannot go on, met the way the person deploying meets it: the built server as its own process, its
/// exit code and what it prints (issue 20: settings errors came as an unhandled exception's stack and "Aborted", and a
/// server in the wrong folder served the client as empty files while /health said Healthy).
/// </summary>
public sealed class StartupProcessTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("expo-start-").FullName;
    static string Bin => Path.Combine(RepoFiles.Root, "Server", "bin", StudyServerProcess.Configuration, "net10.0");

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    async Task<(int Code, string Out, string Err)> RunAsync(string serverDll, string workingDirectory, params string[] settings)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { serverDll, "--urls", "http://127.0.0.1:0", "--Database:Path", Path.Combine(_dir, "study.db"),
                     "--Study:KeyPath", Path.Combine(_dir, "keys", "participant.key"), "--Logs:Path", Path.Combine(_dir, "logs", "server-.log"),
                     "--Study:ModelsPath", Path.Combine(RepoFiles.Root, "models") }.Concat(settings))
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(true); throw new TimeoutException("The server kept running: it should have refused to start."); }
        return (process.ExitCode, await output, await error);
    }

    static void AssertOneLineRefusal((int Code, string Out, string Err) run, string expected)
    {
        Assert.Equal(2, run.Code);
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("The study server did not start: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", run.Out + run.Err); // no stack trace anywhere
        Assert.DoesNotContain("Unhandled exception", run.Out + run.Err);
    }

    [Theory]
    [InlineData("--Study:FrameAncestors:0=http://127.0.0.1:5800", "Study:FrameAncestors take https origins")] // the issue's own example
    [InlineData("--Study:Settings:Rounds=0", "Rounds must be at least 1")]
    [InlineData("--Limits:EntriesPerMinute=-1", "Limits:EntriesPerMinute")] // checked by ValidateOnStart, inside Run
    [InlineData("--Study:ExpoModel=missing", "no bundle named 'missing'")]
    [InlineData("--Hosting:KnownProxies:0=proxy.local", "Hosting:KnownProxies: 'proxy.local' is not an IP address")] // read before the host is built
    [InlineData("--Logs:Json=sometimes", "Logs")]
    [InlineData("--Database:Provider=PostgreSQL", "Database:ConnectionString is empty")]
    [InlineData("--Database:Provider=Oracle", "Database:Provider takes Sqlite, PostgreSQL")]
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    [InlineData("--Database:Provider=PostgreSQL --Database:ConnectionString=Host=127.0.0.1;Port=1;Database=expo;Username=expo", "the PostgreSQL database cannot be used")]
    public async Task A_wrong_setting_ends_the_process_with_one_line_naming_it_and_exit_code_2(string settings, string expected) =>
        AssertOneLineRefusal(await RunAsync(Path.Combine(Bin, "ExpO.Server.dll"), Bin, settings.Split(' ')), expected);

    [Fact]
    public async Task A_damaged_key_file_ends_the_process_with_one_line_naming_the_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        File.WriteAllText(Path.Combine(_dir, "keys", "participant.key"), "AAAA");
        AssertOneLineRefusal(await RunAsync(Path.Combine(Bin, "ExpO.Server.dll"), Bin), Path.Combine(_dir, "keys", "participant.key"));
    }

    [Fact]
    public async Task A_server_started_away_from_its_client_files_refuses_to_start_naming_the_web_root()
    {
        // A published server has its client files in wwwroot beside it and no development manifest: a copy of the
        // build without that manifest, started in an empty folder (the wrong content root), is that mistake.
        var copy = Path.Combine(_dir, "server");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(Bin, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Bin, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target); // a copy, not a link: the host resolves a linked server to its real folder
        }
        File.Delete(Path.Combine(copy, "ExpO.Server.staticwebassets.runtime.json"));
        var elsewhere = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
        var run = await RunAsync(Path.Combine(copy, "ExpO.Server.dll"), elsewhere, "--Study:ConsentText=I agree."); // appsettings.json is not found there either
        AssertOneLineRefusal(run, $"not in the web root {Path.Combine(elsewhere, "wwwroot")}");
    }
}

/// <summary>/health checks the client's files, which a deploy can lose after the start.</summary>
public sealed class ClientFilesHealthTests : ServerTest
{
    [Fact]
    public async Task Health_fails_naming_the_file_when_a_client_file_is_missing_from_the_web_root()
    {
        var prefetch = Server.Services.GetRequiredService<ClientBootFiles>();
        var served = Server.Services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        Assert.Equal(HealthStatus.Healthy, (await new ClientFiles(prefetch, Server.Services.GetRequiredService<IWebHostEnvironment>())
            .CheckHealthAsync(new HealthCheckContext())).Status);

        // A web root holding every boot file but one: the copy of what the server serves, less the client's assembly.
        var root = Directory.CreateTempSubdirectory("expo-webroot-").FullName;
        try
        {
            string? left = null;
            foreach (var asset in prefetch.BootAssets)
            {
                var (path, file) = served.GetFileInfo(asset.Url) is { Exists: true } f ? (asset.Url, f) : (ClientBootFiles.Label(asset)!, served.GetFileInfo(ClientBootFiles.Label(asset)!));
                if (asset.Url.Contains("ExpO.Client")) { left = asset.Url; continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
                File.CreateSymbolicLink(Path.Combine(root, path), file.PhysicalPath!);
            }
            var environment = new TestEnvironment(root);
            var result = await new ClientFiles(prefetch, environment).CheckHealthAsync(new HealthCheckContext());
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains($"1 of the participant client's {prefetch.BootAssets.Count} files", result.Description);
            Assert.Contains(left!, result.Description);
        }
        finally { Directory.Delete(root, true); }
    }

    sealed class TestEnvironment(string root) : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = root;
        public IFileProvider WebRootFileProvider { get; set; } = new PhysicalFileProvider(root);
        public string ApplicationName { get; set; } = "ExpO.Server";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = root;
        public string EnvironmentName { get; set; } = "Production";
    }
}
