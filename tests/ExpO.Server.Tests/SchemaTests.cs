using ExpO.Server.Data;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using ExpO.StudyData.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ExpO.Server.Tests;

public sealed class SchemaTests : ServerTest
{
    [Fact]
    public async Task The_migrations_build_exactly_the_model_the_code_uses()
    {
        // A model change without `dotnet ef migrations add` would leave start-up migrating to an older schema.
        await using var db = Server.Db();
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_EntryIdempotency"));
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        await Api().EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct });
        await using var db = Server.Db();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PostgreSQLs_migrations_build_exactly_the_model_the_code_uses()
    {
        // Migrations/PostgreSQL is EF's own output for the same model; a model change needs a migration in both sets.
        using var server = new StudyServerFactory(provider: DatabaseProvider.PostgreSQL);
        await using var db = server.Db();
        Assert.Equal(StudyDbContext.PostgreSqlProvider, db.Database.ProviderName);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Several_instances_starting_at_once_on_an_empty_PostgreSQL_database_migrate_it_once()
    {
        // EF's migration lock: one instance migrates, the others wait for it and then find nothing to do.
        var connection = PostgresServer.Instance.NewDatabase();
        var servers = Enumerable.Range(0, 3).Select(_ => new StudyServerFactory(new() { ["Database:ConnectionString"] = connection }, DatabaseProvider.PostgreSQL)).ToList();
        try
        {
            var clients = await Task.WhenAll(servers.Select(s => Task.Run(s.CreateClient)));
            foreach (var client in clients) Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
            await using var db = servers[0].Db();
            var applied = await db.Database.GetAppliedMigrationsAsync();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Equal(1, await db.Studies.CountAsync()); // the default study's seed row, once
        }
        finally
        {
            foreach (var s in servers) s.Dispose();
        }
    }

    [Fact]
    public async Task PostgreSQLs_idempotent_script_builds_the_schema_by_hand_and_runs_again_harmlessly()
    {
        // What docs/deployment.md gives those who apply migrations by hand: EF's idempotent script, run with psql -f.
        var options = new DbContextOptionsBuilder<StudyDbContext>();
        options.UseStudyPostgreSql("Host=localhost;Database=never_opened");
        await using (var design = new StudyDbContext(options.Options))
        {
            var script = design.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
            var file = Path.Combine(Path.GetTempPath(), $"expo-{Guid.NewGuid():N}.sql");
            await File.WriteAllTextAsync(file, script);
            var connection = PostgresServer.Instance.NewDatabase();
            var database = new NpgsqlConnectionStringBuilder(connection).Database!;
            PostgresServer.Instance.PsqlFile(file, database);
            PostgresServer.Instance.PsqlFile(file, database); // a second run applies nothing and fails on nothing
            File.Delete(file);
            var applied = PostgresServer.Instance.Psql("""SELECT count(*) FROM "__EFMigrationsHistory" """, database);
            Assert.Equal(design.Database.GetMigrations().Count(), int.Parse(applied, System.Globalization.CultureInfo.InvariantCulture));

            // A server started on it finds nothing to migrate and the default study there once.
            using var server = new StudyServerFactory(new() { ["Database:ConnectionString"] = connection }, DatabaseProvider.PostgreSQL);
            await using var db = server.Db();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(1, await db.Studies.CountAsync());
        }
    }
}
