using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ExpO.LoadBench;

/// <summary>The published-style server (Release build) as its own process on a loopback port, with a fresh database.</summary>
sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly string _dir;
    public Uri BaseAddress { get; }
    public string DatabasePath => Path.Combine(_dir, "load.db");

    ServerProcess(Process process, string dir, Uri address) { _process = process; _dir = dir; BaseAddress = address; }

    public static async Task<ServerProcess> StartAsync(string repoRoot)
    {
        var bin = Path.Combine(repoRoot, "Server", "bin", "Release", "net10.0");
        var dll = Path.Combine(bin, "ExpO.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"Build the server first: dotnet build Server -c Release ({dll} is missing).");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var dir = Directory.CreateTempSubdirectory("expo-load-").FullName;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = bin };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", bin,
                     "--Database:Path", Path.Combine(dir, "load.db"), "--Study:ModelsPath", Path.Combine(repoRoot, "models") })
            psi.ArgumentList.Add(a);
        // Extra server settings for experiments, e.g. LOADBENCH_SERVER_ARGS="--Serilog:MinimumLevel:Default Warning".
        foreach (var a in (Environment.GetEnvironmentVariable("LOADBENCH_SERVER_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var log = File.CreateText(Path.Combine(dir, "server.log"));
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = address };
        for (int i = 0; i < 100; i++)
        {
            try { if ((await http.GetAsync("api/v1/study")).IsSuccessStatusCode) return new ServerProcess(process, dir, address); }
            catch (HttpRequestException) { }
            if (process.HasExited) break;
            await Task.Delay(200);
        }
        process.Kill(true);
        throw new InvalidOperationException($"The server did not start; see {Path.Combine(dir, "server.log")}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) { _process.Kill(true); await _process.WaitForExitAsync(); }
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
