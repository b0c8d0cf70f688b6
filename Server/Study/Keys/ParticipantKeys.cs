using System.Security.Cryptography;
using System.Text;

namespace ExpO.Server.Study.Keys;

/// <summary>
/// Tokens and pseudonyms. A token is 256 random bits, handed out once and stored only as its SHA-256 hash, so the
/// database cannot give it back. Worker ids and platform visit ids (assignmentId, SESSION_ID) are stored only as
/// HMACs under a key that lives in a key file outside the database (<see cref="ParticipantKeyFile"/>): a copy of the
/// database alone lets no one resume anyone or test guesses of worker ids.
/// </summary>
public sealed class ParticipantKeys
{
    byte[]? _key;

    byte[] Key => _key ?? throw new InvalidOperationException("The participant key is not loaded: call LoadParticipantKeys at start-up.");

    /// <summary>Takes the key read from the key file (32 bytes).</summary>
    public void Use(byte[] key) => _key = key.Length == ParticipantKeyFile.KeyBytes ? key.ToArray()
        : throw new ArgumentException($"The participant key must be {ParticipantKeyFile.KeyBytes} bytes.", nameof(key));

    /// <summary>A new random token (256 bits, base64url: 43 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A researcher-facing id (48 random bits as 12 hex digits), fixed for the participant's life.</summary>
    public static string NewPseudonym() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Short, non-reversible tag of a token for logs.</summary>
    public static string LogTag(string token) => TokenHash(token)[..12];

    /// <summary>The worker's (MTurk) or participant's (Prolific) id, keyed: the repeat rule compares these.</summary>
    public string ExternalIdHash(string source, string externalId) => Keyed($"external:{source}:{externalId}");

    /// <summary>The platform visit (MTurk assignmentId, Prolific SESSION_ID), keyed: the same visit resumes.</summary>
    public string VisitHash(string source, string visitId) => Keyed($"visit:{source}:{visitId}");

    /// <summary>
    /// Lets SQL compute <see cref="VisitHash"/> as expo_visit_hash(source, id): migration KeysOutsideDatabase hashes the
    /// raw visit ids an older database holds, so only the server (which has the key) can apply it.
    /// </summary>
    public void AddSqlFunctions(System.Data.Common.DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            sqlite.CreateFunction("expo_visit_hash", (string source, string visitId) => VisitHash(source, visitId), isDeterministic: true);
    }

    string Keyed(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(text)));

    static string Base64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);
}
