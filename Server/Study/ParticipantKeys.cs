using System.Security.Cryptography;
using System.Text;
using ExpO.Migrations;
using ExpO.Migrations.Entities;
using Microsoft.AspNetCore.WebUtilities;

namespace ExpO.Server.Study;

/// <summary>
/// Tokens and pseudonyms. The key lives in the database (created once), so every server instance derives the same
/// values and nothing secret is held per process. Raw worker ids are never stored or logged, only keyed hashes.
/// </summary>
public sealed class ParticipantKeys
{
    const string KeyName = "participant-key";
    byte[]? _key;

    byte[] Key => _key ?? throw new InvalidOperationException("The participant key is not loaded: call LoadParticipantKeysAsync at start-up.");

    /// <summary>Reads the key, creating it on first start; a concurrent first start by another instance is tolerated.</summary>
    public async Task LoadAsync(StudyDbContext db, CancellationToken ct)
    {
        var existing = await db.Secrets.FindAsync([KeyName], ct);
        if (existing is null)
        {
            db.Secrets.Add(new StudySecret { Name = KeyName, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
            try { await db.SaveChangesAsync(ct); }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException) { db.ChangeTracker.Clear(); }
            existing = (await db.Secrets.FindAsync([KeyName], ct))!;
        }
        _key = Convert.FromBase64String(existing.Value);
    }

    public static string NewSalt() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    public string Token(string salt) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("token:" + salt)));

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Short, non-reversible tag of a token for logs.</summary>
    public static string LogTag(string token) => TokenHash(token)[..12];

    public string ExternalIdHash(string source, string externalId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"external:{source}:{externalId}")));
}
