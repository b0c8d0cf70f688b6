using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Data;

/// <summary>
/// Makes a study's balanced order exact when several server instances admit participants at once: the count and the
/// insert of one entry happen under a lock no other entry to that study holds meanwhile.
/// </summary>
public static class StudyBalanceLock
{
    /// <summary>The lock space of PostgreSQL's two-key advisory locks that is ours (0x45787030, "ExpO").</summary>
    const int LockSpace = 0x45787030;

    /// <summary>
    /// Takes the study's lock for the rest of the open transaction. On PostgreSQL a transaction-scoped advisory lock
    /// (freed at commit or rollback, also when the instance dies). On SQLite nothing: the one process's write gate
    /// already queues the entries, and the database admits one writer at a time.
    /// </summary>
    public static async Task TakeAsync(StudyDbContext db, long studyId, CancellationToken ct)
    {
        if (db.Database.ProviderName != StudyDbContext.PostgreSqlProvider) return;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, {(int)studyId})", ct);
    }
}
