using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ExpO.PageBench;

/// <summary>
/// The study server as its own process on loopback, started the way a researcher starts it: a command line and a
/// working directory (the README's run script, a published folder, or `dotnet run`), on a fresh database.
/// </summary>
sealed class ServerUnderTest : IAsyncDisposable
{
    readonly Process _process;
    readonly string _dir;
    public Uri BaseAddress { get; }

    ServerUnderTest(Process process, string dir, Uri address) => (_process, _dir, BaseAddress) = (process, dir, address);

    /// <param name="command">The program and its arguments; "{port}" and "{db}" are filled in.</param>
    public static async Task<ServerUnderTest> StartAsync(string[] command, string workingDirectory)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var dir = Directory.CreateTempSubdirectory("expo-page-").FullName;
        var psi = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a.Replace("{port}", port.ToString()).Replace("{db}", Path.Combine(dir, "page.db")));
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(psi)!;
        var log = File.CreateText(Path.Combine(dir, "server.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = address };
        // `dotnet run` builds first: allow it minutes, not seconds.
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromMinutes(5); await Task.Delay(300))
        {
            try { if ((await http.GetAsync("api/v1/study")).IsSuccessStatusCode) return new ServerUnderTest(process, dir, address); }
            catch (HttpRequestException) { }
            if (process.HasExited) break;
        }
        if (!process.HasExited) process.Kill(true);
        throw new InvalidOperationException($"The server did not start; see {Path.Combine(dir, "server.log")}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) { _process.Kill(true); await _process.WaitForExitAsync(); }
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
