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

    VerbDatabase(DatabaseOptions options, IConfiguration configuration, string contentRoot) =>
        (_options, Configuration, ContentRoot) = (options, configuration, contentRoot);

    /// <summary>The whole configuration the database was read from, for a verb's other settings (the models folder).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The content root relative settings are read against, as the server reads them.</summary>
    public string ContentRoot { get; }

    /// <summary>The configured database; a bad setting is a usage error naming it.</summary>
    public static VerbDatabase For(IEnumerable<string> settings)
    {
        var builder = WebApplication.CreateBuilder([.. DatabaseOptions.VerbSettings(settings)]);
        try
        {
            return new VerbDatabase(DatabaseOptions.Read(builder.Configuration), builder.Configuration, builder.Environment.ContentRootPath);
        }
        catch (OptionsValidationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public DatabaseProvider Provider => _options.Provider;

    /// <summary>The SQLite file (Database:Path), whichever provider is chosen.</summary>
    public string SqlitePath => _options.FullPath(ContentRoot);

    /// <summary>Where the data are, for messages: the SQLite file, or PostgreSQL's host and database (never the password).</summary>
    public string Name
    {
        get
        {
            if (Provider == DatabaseProvider.Sqlite) return SqlitePath;
            var c = new Npgsql.NpgsqlConnectionStringBuilder(_options.ConnectionString);
            return $"PostgreSQL database {c.Database} on {c.Host}";
        }
    }

    /// <summary>The configured database's context options.</summary>
    public DbContextOptions<StudyDbContext> ContextOptions(bool readOnly)
    {
        if (Provider == DatabaseProvider.Sqlite) return SqliteContextOptions(readOnly);
        var builder = new DbContextOptionsBuilder<StudyDbContext>();
        builder.UseStudyPostgreSql(_options.ConnectionString!);
        return builder.Options;
    }

    /// <summary>The SQLite file's context options, whichever provider is chosen (copy-database reads it on its way to
    /// PostgreSQL); a file that is not there is refused rather than created empty.</summary>
    public DbContextOptions<StudyDbContext> SqliteContextOptions(bool readOnly) => File.Exists(SqlitePath)
        ? new DbContextOptionsBuilder<StudyDbContext>().UseSqlite(DatabaseExtensions.SqliteConnection(SqlitePath) + (readOnly ? ";Mode=ReadOnly" : "")).Options
        : throw new FileNotFoundException($"there is no study database at {SqlitePath}; start the server once (it creates the database), or set --Database:Path=FILE.");
}
