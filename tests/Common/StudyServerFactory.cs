using System.Net;
using System.Net.Sockets;
using ExpO.Bench;
using ExpO.Server.Data;
using ExpO.StudyData;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ExpO.Tests.Common;

/// <summary>The real server in-process, on its own temporary SQLite file (or a new database on the tests' PostgreSQL
/// server) and the committed model bundles.</summary>
public sealed class StudyServerFactory : WebApplicationFactory<Program>
{
    public const string TestTurkHost = "https://workersandbox.mturk.com";
    readonly string _dir = Directory.CreateTempSubdirectory("expo-server-").FullName;
    readonly Dictionary<string, string?> _settings;

    public string DatabasePath => Path.Combine(_dir, "study.db");
    /// <summary>The participant key file, beside the database in the test's folder (created by the server).</summary>
    public string KeyPath => Path.Combine(_dir, "keys", "participant.key");

    /// <summary>The database the server runs on.</summary>
    public DatabaseProvider Provider { get; }
    /// <summary>The PostgreSQL database's connection string (null on SQLite).</summary>
    public string? PostgreSqlConnection { get; }

    public StudyServerFactory(Dictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Provider = provider;
        // A given connection string is another instance on that database; else a new database of its own.
        if (provider == DatabaseProvider.PostgreSQL)
            PostgreSqlConnection = settings?.GetValueOrDefault("Database:ConnectionString") ?? PostgresServer.Instance.NewDatabase();
        _settings = new()
        {
            ["Database:Path"] = DatabasePath,
            ["Logs:Path"] = Path.Combine(_dir, "logs", "server-.log"),
            ["Study:KeyPath"] = KeyPath,
            ["Study:ModelsPath"] = Path.Combine(RepoFiles.Root, "models"),
            ["Study:ProlificCompletionCode"] = "C0DE123",
            // Tests play participants flat out from one address; the limits' own tests set them low again.
            ["Limits:EntriesPerMinutePerClient"] = "1000000",
            ["Limits:EntriesPerMinute"] = "1000000",
            ["Limits:StepsPerSecondPerParticipant"] = "1000000",
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = PostgreSqlConnection,
        };
        foreach (var kv in settings ?? []) _settings[kv.Key] = kv.Value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Serves on a real loopback socket (for a browser) and returns its base address.</summary>
    public Uri StartOnLoopback()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        StartServer();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The rolling log file's text once it has what <paramref name="done"/> waits for (lines trail the answers a little).</summary>
    public async Task<string> LogTextAsync(Func<string, bool> done, int tries = 100)
    {
        var folder = Path.Combine(_dir, "logs");
        string text = "";
        for (int i = 0; i < tries && !done(text); i++)
        {
            if (i > 0) await Task.Delay(100);
            var files = Directory.GetFiles(folder, "server-*.log");
            if (files.Length != 1) throw new InvalidOperationException($"Expected one log file in {folder}, found {files.Length}.");
            using var reader = new StreamReader(new FileStream(files[0], FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            text = await reader.ReadToEndAsync();
        }
        return text;
    }

    /// <summary>The settings that put another server on this one's database (the same file, or the same PostgreSQL database).</summary>
    public Dictionary<string, string?> SameDatabase() => new()
    {
        ["Database:Path"] = DatabasePath,
        ["Database:ConnectionString"] = PostgreSqlConnection,
    };

    /// <summary>A fresh context on the same file, to check what was really written.</summary>
    public StudyDbContext Db() => Services.CreateScope().ServiceProvider.GetRequiredService<StudyDbContext>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (PostgreSqlConnection is not null)
        {
            using var connection = new NpgsqlConnection(PostgreSqlConnection);
            NpgsqlConnection.ClearPool(connection);
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
