using ExpO.Shared.Science.CommandLine;
using ExpO.StudyData;
using ExpO.StudyData.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Data;

/// <summary>
/// The study database as a command-line verb opens it: configured as the server is (appsettings.json, the environment,
/// the verb's own "--Section:Key=value" settings), on SQLite or PostgreSQL alike.
/// </summary>
public sealed class VerbDatabase
{
    readonly DatabaseOptions _options;
    readonly string _contentRoot;

    VerbDatabase(DatabaseOptions options, string contentRoot) => (_options, _contentRoot) = (options, contentRoot);

    /// <summary>The configured database; a bad setting is a usage error naming it.</summary>
    public static VerbDatabase For(IEnumerable<string> settings)
    {
        var builder = WebApplication.CreateBuilder([.. DatabaseOptions.VerbSettings(settings)]);
        try
        {
            return new VerbDatabase(DatabaseOptions.Read(builder.Configuration), builder.Environment.ContentRootPath);
        }
        catch (OptionsValidationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public DatabaseProvider Provider => _options.Provider;

    /// <summary>The SQLite file (Database:Path), whichever provider is chosen: copy-database reads it on its way to PostgreSQL.</summary>
    public string SqlitePath => _options.FullPath(_contentRoot);

    /// <summary>Where the data are, for messages: the SQLite file, or PostgreSQL's host and database (never the password).</summary>
    public string Name => Provider == DatabaseProvider.Sqlite ? SqlitePath
        : new Npgsql.NpgsqlConnectionStringBuilder(_options.ConnectionString) is var c ? $"PostgreSQL database {c.Database} on {c.Host}" : "";

    /// <summary>The context's options; a SQLite file that is not there is refused rather than created empty.</summary>
    public DbContextOptions<StudyDbContext> ContextOptions(bool readOnly)
    {
        var builder = new DbContextOptionsBuilder<StudyDbContext>();
        if (Provider == DatabaseProvider.PostgreSQL) builder.UseStudyPostgreSql(_options.ConnectionString!);
        else if (!File.Exists(SqlitePath))
            throw new FileNotFoundException($"there is no study database at {SqlitePath}; start the server once (it creates the database), or set --Database:Path=FILE.");
        else builder.UseSqlite(DatabaseExtensions.SqliteConnection(SqlitePath) + (readOnly ? ";Mode=ReadOnly" : ""));
        return builder.Options;
    }
}
