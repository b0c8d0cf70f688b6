using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>Who a signed-in researcher is.</summary>
public sealed record ResearcherIdentity(long Id, string Email);

/// <summary>Researcher accounts: the first one, and checking a password at sign-in. Hashes with Identity's hasher.</summary>
public sealed class ResearcherAccounts(StudyDbContext db, TimeProvider time)
{
    static readonly PasswordHasher<Researcher> Hasher = new();

    /// <summary>Why an e-mail and password cannot make an account, or null if they can.</summary>
    public static string? CheckNew(string email, string password)
    {
        if (email.Length > 256 || !email.Contains('@') || email.Trim() != email) return "the e-mail address is not valid.";
        if (password.Length < AdminOptions.MinPasswordLength) return $"the password must have at least {AdminOptions.MinPasswordLength} characters.";
        if (password.Length > 256) return "the password may have at most 256 characters.";
        return null;
    }

    public Task<bool> AnyAsync(CancellationToken ct) => db.Researchers.AnyAsync(ct);

    /// <summary>Creates the first account; null when one exists already (set-up is only for an empty study).</summary>
    public async Task<ResearcherIdentity?> CreateFirstAsync(string email, string password, CancellationToken ct)
    {
        if (CheckNew(email, password) is { } problem) throw new ArgumentException(problem);
        if (await db.Researchers.AnyAsync(ct)) return null;
        var researcher = new Researcher { Email = email.ToLowerInvariant(), PasswordHash = "", CreatedUtc = time.GetUtcNow().UtcDateTime };
        researcher.PasswordHash = Hasher.HashPassword(researcher, password);
        db.Researchers.Add(researcher);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); return null; } // another instance made it first
        return new ResearcherIdentity(researcher.Id, researcher.Email);
    }

    /// <summary>The researcher these credentials belong to, or null. Takes as long for an unknown e-mail as for a known one.</summary>
    public async Task<ResearcherIdentity?> CheckAsync(string email, string password, CancellationToken ct)
    {
        // Stored lower case (CreateFirstAsync), so the look-up compares exactly and the index serves it.
        string stored = email.Trim().ToLowerInvariant();
        var researcher = await db.Researchers.AsNoTracking().FirstOrDefaultAsync(r => r.Email == stored, ct);
        var hash = researcher?.PasswordHash ?? UnknownHash;
        bool ok = Hasher.VerifyHashedPassword(researcher ?? Nobody, hash, password) != PasswordVerificationResult.Failed;
        return ok && researcher is not null ? new ResearcherIdentity(researcher.Id, researcher.Email) : null;
    }

    static readonly Researcher Nobody = new() { Email = "", PasswordHash = "" };
    // A real hash of a random password, so an unknown e-mail costs the same hashing work as a wrong password.
    static readonly string UnknownHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
}
