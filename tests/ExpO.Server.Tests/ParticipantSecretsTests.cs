using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ExpO.Server.Tests;

/// <summary>
/// The deployment issue's rule: the database alone yields nothing. Tokens are random and stored as hashes; worker ids
/// and platform visit ids are keyed hashes under a key kept in its own owner-only file.
/// </summary>
public sealed class ParticipantSecretsTests
{
    static EntryRequest Turk(string assignment) => new()
    {
        Source = RecruitmentSource.Mturk,
        WorkerId = "WORKER-KNOWN",
        AssignmentId = assignment,
        HitId = "HIT1",
        TurkSubmitTo = StudyServerFactory.TestTurkHost,
    };

    static EntryRequest Prolific(string session) => new() { Source = RecruitmentSource.Prolific, ProlificPid = "PID-KNOWN", StudyId = "S1", SessionId = session };

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes are Unix's; the study runs on Linux
    public async Task The_key_lives_in_an_owner_only_file_and_not_in_the_database()
    {
        using var server = new StudyServerFactory();
        await new StudyApiClient(server.CreateClient()).EnterAsync(Turk("A-1"));
        var key = Convert.FromBase64String(File.ReadAllText(server.KeyPath).Trim());
        Assert.Equal(32, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(server.KeyPath)!));
        await using var db = server.Db();
        Assert.Empty(await db.Secrets.ToListAsync());
        var p = await db.Participants.SingleAsync();
        // The stored hashes are the key file's HMACs (the same ids hashed with another key would not match).
        Assert.Equal(Hmac(key, "external:mturk:WORKER-KNOWN"), p.ExternalIdHash);
        Assert.Equal(Hmac(key, "visit:mturk:A-1"), p.AssignmentIdHash);
    }

    [Fact]
    public async Task A_copy_of_the_database_lets_no_one_resume_anyone()
    {
        // The limits are raised so that every guess below reaches the entry rules (the flood limits are tested apart).
        var limits = new Dictionary<string, string?> { ["Limits:EntriesPerMinutePerClient"] = "100000", ["Limits:EntriesPerMinute"] = "100000" };
        string copy = Path.GetTempFileName();
        var tokens = new List<string>();
        using (var server = new StudyServerFactory(limits))
        {
            var api = new StudyApiClient(server.CreateClient());
            tokens.Add((await api.EnterAsync(Turk("ASSIGN-SECRET-1"))).Token);
            tokens.Add((await api.EnterAsync(Prolific("SESSION-SECRET-1"))).Token);
            tokens.Add((await api.EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct })).Token);
            foreach (var t in tokens) await api.ConsentAsync(t);
            await using (var db = server.Db()) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            File.Copy(server.DatabasePath, copy, overwrite: true);

            // Everything the copy holds about participants, tried as a token and as the secret half of a platform link
            // by someone who knows the worker's and the Prolific participant's public ids.
            var candidates = StoredTexts(copy).Where(v => v.Length is > 0 and <= RequestLimits.IdMaxLength).Distinct().ToList();
            Assert.True(candidates.Count >= 10, $"only {candidates.Count} stored values to try");
            var http = server.CreateClient();
            foreach (var value in candidates)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(StudyRoutes.State(value))).StatusCode);
                foreach (var link in new[] { Turk(value), Prolific(value) })
                {
                    var answer = await http.PostAsJsonAsync(StudyRoutes.Entry, link);
                    // The person took part already: a guess that is not their visit is refused, never resumed.
                    Assert.True(answer.StatusCode == HttpStatusCode.Conflict, $"{link.Source} with a stored value: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                }
            }
            // The real links still work: the rule refuses guesses, not people.
            Assert.Equal(EntryOutcome.Resumed, (await api.EnterAsync(Turk("ASSIGN-SECRET-1"))).Outcome);
        }
        File.Delete(copy);
    }

    [Fact]
    public async Task An_older_database_moves_its_key_into_the_file_and_keeps_its_tokens_and_links()
    {
        using var server = new StudyServerFactory();
        // A database as the version before the key file left it: the key in Secrets, a token derived from a salt,
        // the raw assignmentId. (The derivation is that version's ParticipantKeys: HMAC(key, "token:" + salt).)
        var key = RandomNumberGenerator.GetBytes(32);
        const string salt = "legacy-salt";
        var token = WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("token:" + salt)));
        var tokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        await using (var old = new StudyDbContext(new DbContextOptionsBuilder<StudyDbContext>().UseSqlite($"Data Source={server.DatabasePath}").Options))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261201215554_AgentRuns");
            await old.Database.ExecuteSqlAsync($"INSERT INTO Secrets (Name, Value) VALUES ('participant-key', {Convert.ToBase64String(key)})");
            await old.Database.ExecuteSqlAsync($"""
                INSERT INTO Participants (TokenHash, TokenSalt, Source, ExternalIdHash, AssignmentId, HitId, TurkSubmitTo, ExpoFirst, Stage, CurrentRound, CompletionCode, Version, CreatedUtc)
                VALUES ({tokenHash}, {salt}, 'mturk', {Hmac(key, "external:mturk:WORKER-KNOWN")}, 'ASSIGN-OLD', 'HIT1', {StudyServerFactory.TestTurkHost}, 1, 'Consent', 0, 'CODE', 0, '2026-11-30 12:00:00')
                """);
        }
        SqliteConnection.ClearAllPools();

        var api = new StudyApiClient(server.CreateClient());
        Assert.Equal(StudyStage.Consent, (await api.StateAsync(token)).Stage); // the token handed out before still works
        Assert.Equal(key, Convert.FromBase64String(File.ReadAllText(server.KeyPath).Trim()));
        await using (var db = server.Db())
        {
            Assert.Empty(await db.Secrets.ToListAsync());
            var p = await db.Participants.SingleAsync();
            Assert.Equal(tokenHash[..12], p.Pseudonym); // the name researchers saw before
            Assert.Equal(Hmac(key, "visit:mturk:ASSIGN-OLD"), p.AssignmentIdHash);
        }
        Assert.DoesNotContain(StoredTexts(server.DatabasePath), v => v.Contains("ASSIGN-OLD") || v == salt);
        // The same HIT link finds the participant through the hashed assignment.
        Assert.Equal(EntryOutcome.Resumed, (await api.EnterAsync(Turk("ASSIGN-OLD"))).Outcome);
    }

    static string Hmac(byte[] key, string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Every text value of the Participants and Secrets tables of a database file, read straight from it.</summary>
    static List<string> StoredTexts(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var values = new List<string>();
        foreach (var table in new[] { "Participants", "Secrets" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                for (int i = 0; i < reader.FieldCount; i++)
                    if (reader.GetValue(i) is string s) values.Add(s);
        }
        return values;
    }
}
