using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ExpO.Bench;

/// <summary>
/// The study server as its own process on a loopback port with its own data folder (database, key file, logs),
/// started by a command line in a working directory the way a researcher starts it (a published folder, the README's
/// run script, `dotnet run`). Its output goes to a log file in the folder. Disposing stops it and removes a folder it
/// made; the crash tests kill it (-9) and start another on the same folder and port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly bool _ownsFolder;
    public Uri BaseAddress { get; }
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "study.db");

    ServerProcess(Process process, string folder, bool ownsFolder, Uri address) => (_process, Folder, _ownsFolder, BaseAddress) = (process, folder, ownsFolder, address);

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <param name="command">The program and its arguments; "{db}" is replaced by the database's path.</param>
    /// <param name="startTimeout">How long to wait for the API to answer (a command that builds first needs minutes).</param>
    /// <param name="folder">The data folder to use (kept on dispose); null: a new temporary one (removed on dispose).</param>
    /// <param name="environment">Extra environment variables for the server (runtime settings under comparison).</param>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IReadOnlyList<string> command, TimeSpan startTimeout,
        string? folder = null, int? port = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        int listen = port ?? FreePort();
        bool owns = folder is null;
        var dir = folder ?? Directory.CreateTempSubdirectory("expo-bench-").FullName;
        var psi = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a.Replace("{db}", Path.Combine(dir, "study.db")));
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listen}";
        psi.Environment["Study__KeyPath"] = Path.Combine(dir, "keys", "participant.key");
        psi.Environment["Logs__Path"] = Path.Combine(dir, "logs", "server-.log");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var process = Process.Start(psi)!;
        // Output can still arrive after the process exited (a killed one's last lines): written only while open.
        var log = new StreamWriter(Path.Combine(dir, "server.log"), append: true) { AutoFlush = true };
        bool closed = false;
        void Write(string? line) { lock (log) if (!closed) log.WriteLine(line); }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (log) { closed = true; log.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{listen}/");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < startTimeout; await Task.Delay(100))
        {
            try { if ((await http.GetAsync("api/v1/study")).IsSuccessStatusCode) return new ServerProcess(process, dir, owns, address); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (process.HasExited) break;
        }
        if (!process.HasExited) process.Kill(true);
        throw new InvalidOperationException($"The server did not start; see {Path.Combine(dir, "server.log")}.");
    }

    /// <summary>
    /// The server as `dotnet build Server -c <paramref name="configuration"/>` left it in <paramref name="root"/>, on a
    /// database in its folder and the committed bundles; <paramref name="settings"/> are extra command-line settings.
    /// </summary>
    public static Task<ServerProcess> StartBuiltAsync(string root, string configuration, IEnumerable<string> settings, TimeSpan startTimeout,
        string? folder = null, int? port = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var bin = Path.Combine(root, "Server", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(bin, "ExpO.Server.dll")))
            throw new InvalidOperationException($"Build the server first: dotnet build Server -c {configuration} ({bin} has no ExpO.Server.dll).");
        return StartAsync(bin,
            ["dotnet", Path.Combine(bin, "ExpO.Server.dll"), "--contentRoot", bin, "--Database:Path", "{db}", "--Study:ModelsPath", Path.Combine(root, "models"), .. settings],
            startTimeout, folder, port, environment);
    }

    /// <summary>The ExpO checkout this program runs from (<see cref="RepoFiles.Root"/>).</summary>
    public static string CheckoutRoot() => RepoFiles.Root;

    /// <summary>kill -9: no shutdown, no flush; what was committed must be in the file.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_ownsFolder) try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
