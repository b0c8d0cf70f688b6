using ExpO.Shared.Science.CommandLine;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Data;

/// <summary>The database providers the study runs on: SQLite, the embedded default, or PostgreSQL for several
/// server instances on one database (docs/deployment.md).</summary>
public enum DatabaseProvider { Sqlite = 1, PostgreSQL = 2 }

/// <summary>SQLite's synchronous setting: Full syncs every commit to disk; Normal may lose the last commits on a power cut.</summary>
public enum SqliteSynchronous { Full = 1, Normal = 2 }

/// <summary>The "Database" configuration section, bound once and checked at start-up.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>The SQLite file, relative to the content root unless rooted.</summary>
    public string Path { get; set; } = "expo-study.db";
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;
    /// <summary>PostgreSQL's connection string in Npgsql's keywords (Host=...;Database=...;Username=...;Password=...).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite file's full path: <see cref="Path"/> as it is if rooted, else under the content root.</summary>
    public string FullPath(string contentRoot) => System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, Path));

    /// <summary>What the binder is told when a value is not one of the enums' names.</summary>
    public static string BindingHelp =>
        $"Database:Provider takes {string.Join(", ", Enum.GetNames<DatabaseProvider>())}; Database:Synchronous takes {string.Join(", ", Enum.GetNames<SqliteSynchronous>())}.";

    /// <summary>The section bound and checked, for the command-line verbs that open the database without a host.</summary>
    public static DatabaseOptions Read(IConfiguration configuration) =>
        Startup.CheckedOptions.Read<DatabaseOptions, DatabaseOptionsValidator>(configuration, Section, BindingHelp);

    /// <summary>The words a verb did not know, each a "--Section:Key=value" setting, or a usage error naming the first that is not.</summary>
    public static IReadOnlyList<string> VerbSettings(IEnumerable<string> words)
    {
        var list = words.ToList();
        if (list.FirstOrDefault(s => !s.StartsWith("--", StringComparison.Ordinal) || !s.Contains('=', StringComparison.Ordinal)) is { } stray)
            throw new UsageException($"Unrecognized command or argument '{stray}' (settings are written --Database:Path=FILE).");
        return list;
    }
}

/// <summary>A provider and a synchronous setting the server knows, a file name, and a connection string for PostgreSQL.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.IsDefined(options.Provider) || !Enum.IsDefined(options.Synchronous) || string.IsNullOrWhiteSpace(options.Path))
            return ValidateOptionsResult.Fail("Database:Provider must be Sqlite or PostgreSQL, Database:Synchronous Full or Normal, and Database:Path a file name.");
        if (options.Provider != DatabaseProvider.PostgreSQL) return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            return ValidateOptionsResult.Fail("Database:Provider is PostgreSQL but Database:ConnectionString is empty: give one such as Host=localhost;Database=expo;Username=expo;Password=...");
        return ConnectionStringProblem(options.ConnectionString) is { } problem
            ? ValidateOptionsResult.Fail($"Database:ConnectionString is not a PostgreSQL connection string: {problem}")
            : ValidateOptionsResult.Success;
    }

    /// <summary>Why Npgsql cannot read this connection string (an unknown keyword, a bad value), or null when it can.</summary>
    public static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
