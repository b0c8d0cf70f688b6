using System.CommandLine;
using ExpO.Server.Analysis;
using ExpO.Server.Data;
using ExpO.Server.Studies.Setup;
using ExpO.Shared.Science.CommandLine;
using Microsoft.Data.Sqlite;

namespace ExpO.Server.Hosting;

/// <summary>
/// The server's verbs, run instead of the web host: `analyze` (the study's statistics for scripts), `backup` (a
/// consistent copy of the database while the study runs), `copy-database` (a SQLite study into PostgreSQL) and
/// `study` (create and list studies). Exit 0 when done, 1
/// for a data file, bundle or database that cannot be read or written, 2 for a bad command line.
/// </summary>
public static class ServerCommandLine
{
    /// <summary>The verbs, with their options and help texts.</summary>
    public static RootCommand Create() => new("ExpO study server verbs (without a verb, the server starts).")
    {
        AnalyzeCommand.Create(),
        BackupCommand.Create(),
        CopyDatabaseCommand.Create(),
        StudyCommand.Create(),
    };

    /// <summary>Whether <paramref name="args"/> name a verb rather than the web host's settings.</summary>
    public static bool IsVerb(string[] args) => args is ["analyze" or "backup" or "copy-database" or "study" or "--help" or "-h" or "-?", ..];

    /// <summary>Runs the verb <paramref name="args"/> name.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        try
        {
            return await CommandLineRunner.RunAsync(Create(), args, stdout, stderr, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException
            or DatasetFormatException or SqliteException or Npgsql.NpgsqlException or IOException or Shared.Science.Bundles.BundleFormatException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
