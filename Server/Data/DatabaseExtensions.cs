using ExpO.Server.Startup;
using ExpO.StudyData;
using ExpO.StudyData.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ExpO.Server.Data;

/// <summary>The study database: the one place the provider is chosen (configuration "Database").</summary>
public static class DatabaseExtensions
{
    public static WebApplicationBuilder AddStudyDatabase(this WebApplicationBuilder builder)
    {
        // The provider and the file are chosen before the host is built; the same checked options serve IOptions<T>.
        var options = builder.AddCheckedOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.Section, DatabaseOptions.BindingHelp);
        var configure = options.Provider == DatabaseProvider.PostgreSQL ? PostgreSql(options) : Sqlite(options, builder.Environment.ContentRootPath);
        builder.Services.AddDbContextPool<StudyDbContext>(o =>
        {
            configure(o);
            // The callers log the expected races (a unique index or Version check refusing a write made first) as one
            // Information line (Study/ExpectedRace.cs); an unhandled failure is still logged by the host as an error.
            o.ConfigureWarnings(w => w.Ignore(CoreEventId.SaveChangesFailed, RelationalEventId.CommandError));
        });
        // SQLite has one writer at a time and this process is its only client: the gate queues its writers fairly.
        // PostgreSQL orders writers itself, across every instance.
        builder.Services.AddSingleton(new WriteGate(serialize: options.Provider == DatabaseProvider.Sqlite));
        builder.Services.AddSingleton<GroupCommitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        return builder;
    }

    static Action<DbContextOptionsBuilder> Sqlite(DatabaseOptions options, string contentRoot)
    {
        var path = options.FullPath(contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = SqliteConnection(path);
        // FULL is SQLite's default: only NORMAL needs a pragma on every new connection.
        var pragmas = options.Synchronous == SqliteSynchronous.Normal ? new SqlitePragmas("NORMAL") : null;
        return o =>
        {
            o.UseSqlite(connection);
            if (pragmas is not null) o.AddInterceptors(pragmas);
        };
    }

    static Action<DbContextOptionsBuilder> PostgreSql(DatabaseOptions options) => o => o.UseStudyPostgreSql(options.ConnectionString!);

    /// <summary>The connection string of a SQLite study file.</summary>
    public static string SqliteConnection(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>Applies migrations and switches SQLite to WAL before the server takes requests.</summary>
    /// <param name="functions">Adds the SQL functions the migrations call to the connection they run on.</param>
    public static async Task MigrateStudyDatabaseAsync(this WebApplication app, Action<System.Data.Common.DbConnection> functions)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudyDbContext>();
        // Opened here so the migrations run on this very connection, the one that has the functions.
        await db.Database.OpenConnectionAsync();
        functions(db.Database.GetDbConnection());
        // EF takes a migration lock in the database first, so of several instances starting at once one migrates and
        // the others wait, then find nothing left to do.
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
