using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ExpO.Bench;

/// <summary>
/// The study server as its own process on a free loopback port with a fresh database, started by a command line in a
/// working directory the way a researcher starts it (a published folder, the README's run script, `dotnet run`). Its
/// output goes to a log file beside the database; both are removed when it is disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly string _dir;
    public Uri BaseAddress { get; }
    public string DatabasePath => Path.Combine(_dir, "study.db");

    ServerProcess(Process process, string dir, Uri address) => (_process, _dir, BaseAddress) = (process, dir, address);

    /// <param name="command">The program and its arguments; "{db}" is replaced by the fresh database's path.</param>
    /// <param name="startTimeout">How long to wait for the API to answer (a command that builds first needs minutes).</param>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IReadOnlyList<string> command, TimeSpan startTimeout)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var dir = Directory.CreateTempSubdirectory("expo-bench-").FullName;
        var psi = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a.Replace("{db}", Path.Combine(dir, "study.db")));
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
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < startTimeout; await Task.Delay(200))
        {
            try { if ((await http.GetAsync("api/v1/study")).IsSuccessStatusCode) return new ServerProcess(process, dir, address); }
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
