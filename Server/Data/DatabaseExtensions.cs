using ExpO.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Data;

/// <summary>The study database: the one place the provider is chosen (configuration "Database").</summary>
public static class DatabaseExtensions
{
    public static WebApplicationBuilder AddStudyDatabase(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        if (!string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported yet; use Sqlite.");
        var path = builder.Configuration["Database:Path"] ?? "expo-study.db";
        if (!Path.IsPathRooted(path)) path = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, path));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        var synchronous = builder.Configuration["Database:Synchronous"] ?? "FULL";
        if (synchronous is not ("FULL" or "NORMAL"))
            throw new InvalidOperationException($"Database:Synchronous must be FULL or NORMAL, not '{synchronous}'.");
        // FULL is SQLite's default: only NORMAL needs a pragma on every new connection.
        var pragmas = synchronous == "NORMAL" ? new SqlitePragmas(synchronous) : null;
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
