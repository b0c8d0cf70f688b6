using Microsoft.Data.Sqlite;

namespace ExpO.Server.Data;

/// <summary>
/// `backup --to FILE`: a consistent copy of the study database while the server runs and participants click
/// (SQLite's VACUUM INTO: one read transaction, a snapshot, compacted). Read-only on the study database; refuses to
/// overwrite a file. Restore: stop the server and put the copy in Database:Path's place. Exit 0, 1 when the
/// database cannot be read or written, 2 for a bad command line.
/// </summary>
public static class BackupCommand
{
    public const string Verb = "backup";
    const string Usage = "usage: backup --to FILE [--Database:Path=FILE]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        string? to = null;
        var settings = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--to" && i + 1 < args.Length) to = args[++i];
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Contains('=')) settings.Add(args[i]);
            else return Fail(stderr, 2, $"unknown argument \"{args[i]}\". {Usage}");
        }
        if (string.IsNullOrWhiteSpace(to)) return Fail(stderr, 2, $"--to needs the backup's file name. {Usage}");
        var target = Path.GetFullPath(to);
        if (File.Exists(target) || Directory.Exists(target)) return Fail(stderr, 2, $"{target} exists already; a backup never overwrites a file.");
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder)) return Fail(stderr, 2, $"there is no folder {folder}.");

        var builder = WebApplication.CreateBuilder([.. settings]);
        var source = DatabaseOptions.Read(builder.Configuration).FullPath(builder.Environment.ContentRootPath);
        if (!File.Exists(source)) return Fail(stderr, 1, $"there is no study database at {source} (set Database:Path).");
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
            return Fail(stderr, 1, $"the backup failed: {e.Message}");
        }
        stdout.WriteLine($"Backed up {source} to {target} ({new FileInfo(target).Length / 1024} KB).");
        return 0;
    }

    static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"backup: {message}");
        return code;
    }
}
