using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ExpO.StudyData.PostgreSql;

/// <summary>The study context on PostgreSQL, with its migrations taken from this assembly.</summary>
public static class PostgreSqlStudyDatabase
{
    public static DbContextOptionsBuilder UseStudyPostgreSql(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlStudyDatabase).Assembly.GetName().Name));
}

/// <summary>Lets `dotnet ef migrations add` and `migrations script` build the context without a server (no connection is opened).</summary>
public sealed class PostgreSqlStudyDbContextFactory : IDesignTimeDbContextFactory<StudyDbContext>
{
    public StudyDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<StudyDbContext>();
        options.UseStudyPostgreSql("Host=localhost;Database=expo_design_time");
        return new(options.Options);
    }
}
