using ExpO.Server.Data;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

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
}
