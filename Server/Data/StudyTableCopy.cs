using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Data;

/// <summary>Every table of one study database copied into another (PostgreSQL), ids kept, in one transaction, counts checked.</summary>
public sealed class StudyTableCopy(StudyDbContext source, StudyDbContext target)
{
    /// <summary>Rows saved per round trip: large enough for speed, small enough that the change tracker stays small.</summary>
    const int Batch = 2000;

    /// <summary>Every table with an identity column: its sequence set past the largest copied id.</summary>
    const string MoveSequences = """
        DO $$ DECLARE t text; BEGIN
          FOREACH t IN ARRAY ARRAY['Studies', 'Researchers', 'SettingsVersions', 'Participants', 'Rounds', 'Conditions', 'Steps',
                                   'Exclusions', 'RepeatRefusals', 'DataExports', 'Datasets', 'DataProtectionKeys'] LOOP
            EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''Id''), COALESCE((SELECT MAX("Id") FROM %I), 0) + 1, false)', quote_ident(t), t);
          END LOOP;
        END $$
        """;

    /// <summary>Whether the database holds any row a study made (the migrations' default study row aside).</summary>
    public static async Task<bool> HasStudyDataAsync(StudyDbContext db, CancellationToken ct) =>
        await db.Participants.AnyAsync(ct) || await db.Researchers.AnyAsync(ct) || await db.SettingsVersions.AnyAsync(ct)
        || await db.Datasets.AnyAsync(ct) || await db.Secrets.AnyAsync(ct) || await db.Studies.CountAsync(ct) > 1;

    /// <summary>Copies every table, parents before children, and returns each table's row count (equal on both sides).</summary>
    public async Task<IReadOnlyList<(string Table, int Rows)>> CopyAsync(CancellationToken ct)
    {
        // One read transaction on the source: every table from the same snapshot, even if a server still writes to it.
        await using var snapshot = await source.Database.BeginTransactionAsync(ct);
        await using var tx = await target.Database.BeginTransactionAsync(ct);
        // The migrations seeded the default study; the source's own row (its bundles and title) replaces it.
        await target.Studies.ExecuteDeleteAsync(ct);
        var counts = new List<(string, int)>
        {
            await CopyAsync(source.Studies, ct),
            await CopyAsync(source.Researchers, ct),
            await CopyAsync(source.SettingsVersions, ct),
            await CopyAsync(source.Participants, ct),
            await CopyAsync(source.Rounds, ct),
            await CopyAsync(source.Conditions, ct),
            await CopyAsync(source.Steps, ct),
            await CopyAsync(source.FinalAnswers, ct),
            await CopyAsync(source.Exclusions, ct),
            await CopyAsync(source.RepeatRefusals, ct),
            await CopyAsync(source.DataExports, ct),
            await CopyAsync(source.Datasets, ct),
            await CopyAsync(source.Secrets, ct),
            await CopyAsync(source.DataProtectionKeys, ct),
        };
        // Ids were written as they were: each identity column's sequence moves past the largest, so the next row
        // PostgreSQL numbers does not collide with a copied one.
        await target.Database.ExecuteSqlRawAsync(MoveSequences, ct);
        await tx.CommitAsync(ct);
        return counts;
    }

    async Task<(string, int)> CopyAsync<T>(DbSet<T> rows, CancellationToken ct) where T : class
    {
        var table = target.Model.FindEntityType(typeof(T))!.GetTableName()!;
        int copied = 0;
        var batch = new List<T>(Batch);
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(row);
            if (batch.Count == Batch) copied += await SaveAsync(batch, ct);
        }
        copied += await SaveAsync(batch, ct);
        int there = await target.Set<T>().CountAsync(ct);
        return copied == there && there == await rows.CountAsync(ct) ? (table, there)
            : throw new InvalidDataException($"{table}: {copied} rows read from SQLite but {there} in PostgreSQL; nothing was committed.");
    }

    async Task<int> SaveAsync<T>(List<T> batch, CancellationToken ct) where T : class
    {
        target.Set<T>().AddRange(batch);
        await target.SaveChangesAsync(ct);
        target.ChangeTracker.Clear();
        int n = batch.Count;
        batch.Clear();
        return n;
    }
}
