using System.Diagnostics;

namespace ExpO.Bench;

/// <summary>
/// A throwaway PostgreSQL server on a loopback port for the tests and benches of this process: Debian's initdb and
/// pg_ctl (postgresql-15 on the machine image), a cluster in a temporary folder, stopped and removed when the process
/// ends. Run as root (CI), the cluster belongs to the unprivileged postgres user, since PostgreSQL refuses root.
/// EXPO_TEST_POSTGRES (a connection string to a server that lets its user create databases) is used instead when set.
/// Without either, the first use fails with the reason: the PostgreSQL tests fail rather than skip.
/// </summary>
public sealed class PostgresServer
{
    const string User = "expo";
    static readonly Lazy<PostgresServer> Shared = new(() => Start(durable: false));
    static readonly Lazy<PostgresServer> SharedDurable = new(() => Start(durable: true));

    readonly string _host;
    readonly int _port;
    readonly string? _password;

    PostgresServer(string host, int port, string? password) => (_host, _port, _password) = (host, port, password);

    /// <summary>The tests' server of this process, started on first use (fsync off: its databases are thrown away).</summary>
    public static PostgresServer Instance => Shared.Value;

    /// <summary>A server with PostgreSQL's durable defaults (fsync, synchronous commit), for the benches: a commit is on
    /// disk before the study server answers, as with SQLite's synchronous=FULL.</summary>
    public static PostgresServer Durable => SharedDurable.Value;

    /// <summary>A new empty database on the server, and its connection string.</summary>
    public string NewDatabase(string prefix = "expo")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        Psql($"CREATE DATABASE {name}");
        return Connection(name);
    }

    /// <summary>The connection string of a database on this server.</summary>
    public string Connection(string database) =>
        $"Host={_host};Port={_port};Database={database};Username={User}" + (_password is null ? "" : $";Password={_password}");

    /// <summary>Runs one SQL statement in the maintenance database (psql, so nothing here needs a driver).</summary>
    public string Psql(string sql, string database = "postgres") => RunPsql(database, "-tAc", sql);

    /// <summary>Runs a script file in a database as an administrator would: psql -f, stopping at the first error.</summary>
    public string PsqlFile(string path, string database) => RunPsql(database, "-q", "-f", path);

    string RunPsql(string database, params string[] what)
    {
        var psi = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", _host, "-p", $"{_port}", "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1" }.Concat(what)) psi.ArgumentList.Add(a);
        if (_password is not null) psi.Environment["PGPASSWORD"] = _password;
        return Run(psi, "psql");
    }

    static PostgresServer Start(bool durable)
    {
        if (!durable && Environment.GetEnvironmentVariable("EXPO_TEST_POSTGRES") is { Length: > 0 } given)
        {
            var parts = given.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            return new PostgresServer(parts.GetValueOrDefault("host", "127.0.0.1"), int.Parse(parts.GetValueOrDefault("port", "5432"), System.Globalization.CultureInfo.InvariantCulture),
                parts.GetValueOrDefault("password"));
        }
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("No PostgreSQL server to test against: /usr/lib/postgresql/*/bin/initdb is missing (apt-get install postgresql-15) " +
                "and EXPO_TEST_POSTGRES is not set.");
        var folder = Directory.CreateTempSubdirectory("expo-pg-").FullName;
        bool root = Environment.UserName == "root";
        if (root) Run(Command(null, "chown", "-R", "postgres:postgres", folder), "chown");
        var data = Path.Combine(folder, "data");
        Run(Command(root ? "postgres" : null, Path.Combine(bin, "initdb"), "-D", data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync"), "initdb");
        int port = ServerProcess.FreePort();
        // Loopback only; a socket folder of its own; enough connections for the tests' servers side by side. For tests
        // fsync off: their databases are thrown away, and they kill the study server, never PostgreSQL.
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=400"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        Run(Command(root ? "postgres" : null, Path.Combine(bin, "pg_ctl"), "-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"), "pg_ctl start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Run(Command(root ? "postgres" : null, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"), "pg_ctl stop"); } catch (InvalidOperationException) { }
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new PostgresServer("127.0.0.1", port, null);
    }

    static ProcessStartInfo Command(string? asUser, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(asUser is null ? program : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        if (asUser is not null) foreach (var a in new[] { "-u", asUser, "--", program }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    static string Run(ProcessStartInfo psi, string what)
    {
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{what} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {error.Result.Trim()} {output.Trim()}");
    }
}
