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
}
