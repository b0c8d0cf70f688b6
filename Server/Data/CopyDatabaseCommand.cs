using System.CommandLine;
using ExpO.Shared.Science.CommandLine;
using ExpO.StudyData;
using ExpO.StudyData.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExpO.Server.Data;

/// <summary>
/// `copy-database --to-postgres CONNECTION`: moves a SQLite study (Database:Path, as the server reads it) into an
/// empty PostgreSQL database: the schema by the PostgreSQL migrations, then every row of every table with its id, in
/// one transaction, then the row counts of both compared. Read-only on the SQLite file. A target holding any study
/// data, or another application's tables, is refused before anything is written. The participant key stays in its
/// file (Study:KeyPath): start the PostgreSQL servers with that same file.
/// </summary>
public static class CopyDatabaseCommand
{
    /// <summary>The verb, with its option and help text.</summary>
    public static Command Create()
    {
        var to = new Option<string>("--to-postgres") { Description = "the empty PostgreSQL database's connection string (Host=...;Database=...;Username=...;Password=...)", Required = true };
        var command = new Command("copy-database", "Copies the SQLite study database into an empty PostgreSQL database, every row kept, and checks the counts.") { to };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) => RunAsync(r.GetRequiredValue(to), VerbDatabase.For(r.UnmatchedTokens), r.InvocationConfiguration.Output, ct));
        return command;
    }

    static async Task<int> RunAsync(string connection, VerbDatabase database, TextWriter stdout, CancellationToken ct)
    {
        if (DatabaseOptionsValidator.ConnectionStringProblem(connection) is { } problem)
            throw new UsageException($"--to-postgres is not a PostgreSQL connection string: {problem}");
        var sqlitePath = database.SqlitePath;
        await using var source = new StudyDbContext(database.SqliteContextOptions(readOnly: true));
        if ((await source.Database.GetPendingMigrationsAsync(ct)).Any())
            throw new InvalidDataException($"{sqlitePath} has an older schema: start this version's server on it once (it migrates the file), then copy.");

        var options = new DbContextOptionsBuilder<StudyDbContext>();
        options.UseStudyPostgreSql(connection);
        await using var target = new StudyDbContext(options.Options);
        try
        {
            await EnsureEmptyAsync(target, ct);
            await target.Database.MigrateAsync(ct);
            var counts = await new StudyTableCopy(source, target).CopyAsync(ct);
            foreach (var (table, rows) in counts) stdout.WriteLine($"{table,-20} {rows,9} rows");
            stdout.WriteLine($"Copied {counts.Sum(c => c.Rows)} rows from {sqlitePath}; every table's count matches. " +
                "Start the servers with Database:Provider=PostgreSQL, this connection string, and the same participant key file (Study:KeyPath).");
            return 0;
        }
        catch (NpgsqlException e)
        {
            throw new InvalidDataException($"PostgreSQL: {e.Message}", e);
        }
    }

    /// <summary>Refuses a database with tables of another application, or with study data (the default study's seed row aside).</summary>
    static async Task EnsureEmptyAsync(StudyDbContext target, CancellationToken ct)
    {
        var tables = await target.Database.SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()").ToListAsync(ct);
        if (tables.Count == 0) return;
        if (!tables.Contains("__EFMigrationsHistory"))
            throw new InvalidDataException($"the PostgreSQL database holds other tables ({string.Join(", ", tables.Take(5))}); give an empty database. Nothing was changed.");
        if ((await target.Database.GetPendingMigrationsAsync(ct)).Any())
            throw new InvalidDataException("the PostgreSQL database has an older study schema; give an empty database. Nothing was changed.");
        if (await StudyTableCopy.HasStudyDataAsync(target, ct))
            throw new InvalidDataException("the PostgreSQL database holds study data already; copy-database only fills an empty one. Nothing was changed.");
    }
}
