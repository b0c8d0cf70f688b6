using ExpO.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Data;

/// <summary>The study database: the one place the provider is chosen (configuration "Database").</summary>
public static class DatabaseExtensions
{
    public static WebApplicationBuilder AddStudyDatabase(this WebApplicationBuilder builder)
    {
        var options = DatabaseOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        var path = options.FullPath(builder.Environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = SqliteConnection(path);
        // FULL is SQLite's default: only NORMAL needs a pragma on every new connection.
        var pragmas = options.Synchronous == SqliteSynchronous.Normal ? new SqlitePragmas("NORMAL") : null;
        builder.Services.AddDbContextPool<StudyDbContext>(o =>
        {
            o.UseSqlite(connection);
            if (pragmas is not null) o.AddInterceptors(pragmas);
        });
        builder.Services.AddSingleton(new WriteGate(serialize: true));
        builder.Services.AddSingleton<GroupCommitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        return builder;
    }

    /// <summary>The connection string of a SQLite study file.</summary>
    public static string SqliteConnection(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>Applies migrations and switches SQLite to WAL before the server takes requests.</summary>
    public static async Task MigrateStudyDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudyDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
