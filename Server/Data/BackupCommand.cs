using System.CommandLine;
using ExpO.Shared.Science.CommandLine;
using Microsoft.Data.Sqlite;

namespace ExpO.Server.Data;

/// <summary>
/// `backup --to FILE`: a consistent copy of the study database while the server runs and participants click
/// (SQLite's VACUUM INTO: one read transaction, a snapshot, compacted). Read-only on the study database; refuses to
/// overwrite a file. Restore: stop the server and put the copy in Database:Path's place.
/// </summary>
public static class BackupCommand
{
    /// <summary>The verb, with its option and help text.</summary>
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "the backup file to write (never overwritten)", Required = true };
        var command = new Command("backup", "A consistent copy of the study database, safe while the study runs.") { to };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) =>
        {
            var database = VerbDatabase.For(r.UnmatchedTokens);
            return database.Provider == DatabaseProvider.Sqlite
                ? RunAsync(r.GetRequiredValue(to), database.SqlitePath, r.InvocationConfiguration.Output, ct)
                : throw new UsageException("backup copies the SQLite file; a PostgreSQL study is backed up with pg_dump (docs/deployment.md, Backups).");
        });
        return command;
    }

    static async Task<int> RunAsync(string to, string source, TextWriter stdout, CancellationToken ct)
    {
        var target = Path.GetFullPath(to);
        if (File.Exists(target) || Directory.Exists(target)) throw new UsageException($"{target} exists already; a backup never overwrites a file.");
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder)) throw new UsageException($"there is no folder {folder}.");
        if (!File.Exists(source)) throw new FileNotFoundException($"there is no study database at {source} (set Database:Path).");
        try
        {
            await using var connection = new SqliteConnection(DatabaseExtensions.SqliteConnection(source) + ";Mode=ReadOnly");
            await connection.OpenAsync(ct);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.Parameters.AddWithValue("$target", target);
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"the backup failed: {e.Message}", e);
        }
        stdout.WriteLine($"Backed up {source} to {target} ({new FileInfo(target).Length / 1024} KB).");
        return 0;
    }
}
