using System.Collections.Concurrent;
using ExpO.Shared.Study;
using Npgsql;
using Xunit.Abstractions;

namespace ExpO.Server.Tests.Durability;

/// <summary>
/// Two server processes on one PostgreSQL database, each participant's requests alternating between them, one or the
/// other killed (-9) at random moments while the other serves: what a client saw acknowledged is stored once.
/// </summary>
[Collection(nameof(ServerProcessCollection))]
public sealed class TwoInstancesCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_participants_alternating_between_two_instances_lose_nothing_when_either_is_killed()
    {
        const int people = 200, minimumKills = 5;
        var connection = PostgresServer.Instance.NewDatabase();
        var keys = Directory.CreateTempSubdirectory("expo-keys-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = connection,
            ["Study__KeyPath"] = Path.Combine(keys, "participant.key"), // one key file for both, as docs/deployment.md asks
        };
        var folders = new[] { Directory.CreateTempSubdirectory("expo-a-").FullName, Directory.CreateTempSubdirectory("expo-b-").FullName };
        var ports = new[] { ServerProcess.FreePort(), ServerProcess.FreePort() };
        var servers = new ServerProcess[2];
        servers[0] = await StudyServerProcess.StartAsync(folders[0], ports[0], settings);
        servers[1] = await StudyServerProcess.StartAsync(folders[1], ports[1], settings);

        var acknowledged = new ConcurrentBag<Guid>();
        using var http = new HttpClient(new AlternatingHandler(ports)) { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/"), Timeout = TimeSpan.FromSeconds(30) };
        int finished = 0;
        var players = Enumerable.Range(0, people).Select(i => Task.Run(async () =>
        {
            var p = await PlayToEndAsync(new SimulatedParticipant(new AcknowledgingApi(new StudyApiClient(http, attempts: 1), acknowledged), new ClosestChangePolicy(), i));
            Interlocked.Increment(ref finished);
            return p;
        })).ToArray();
        var rng = new Random(20261206);
        int kills = 0;
        // Kills only count while participants are still playing; the clients see the dead instance's errors and go on
        // through the other one (the next request alternates), as a proxy in front of both would.
        while (Volatile.Read(ref finished) < people && kills < 8)
        {
            await Task.Delay(rng.Next(1000, 2500));
            if (Volatile.Read(ref finished) >= people) break;
            int victim = kills % 2;
            await servers[victim].KillAsync();
            kills++;
            servers[victim] = await StudyServerProcess.StartAsync(folders[victim], ports[victim], settings);
        }
        var done = await Task.WhenAll(players);
        Assert.True(kills >= minimumKills, $"only {kills} kills happened while participants played: the test did not test");

        var rows = await StepRowsAsync(connection);
        var once = rows.GroupBy(r => r.ClientStepId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(acknowledged, id => Assert.Equal(1, once.GetValueOrDefault(id)));
        Assert.Equal(rows.Count, once.Count);
        // Everyone finished, and resumed each time at the right place: each condition's steps are numbered 1..n with
        // no gap and no repeat, whichever instance wrote them.
        Assert.All(done, p => Assert.Equal(StudyStage.Complete, p.State.Stage));
        foreach (var g in rows.GroupBy(r => (r.Participant, r.Round, r.Condition)))
            Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.StepNumber).Order());
        // Balance exact over every participant the database holds (an entry whose answer a kill cut off included).
        var (all, expoFirst) = await BalanceAsync(connection);
        Assert.InRange(all, people, people + kills);
        Assert.InRange(2 * expoFirst, all - 1, all + 1);
        output.WriteLine($"{kills} kills; {people} participants finished; {acknowledged.Count} steps acknowledged, all stored once; " +
                         $"{rows.Count} step rows; {all} participants in the database, {expoFirst} ExpO first.");

        foreach (var s in servers) await s.DisposeAsync();
        foreach (var f in folders.Append(keys)) Directory.Delete(f, recursive: true);
    }

    static async Task<SimulatedParticipant> PlayToEndAsync(SimulatedParticipant p)
    {
        var entry = new Shared.Study.Contracts.EntryRequest { Source = RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() };
        while (!await SurvivingParticipant.MoveAsync(p, entry, TimeSpan.FromMilliseconds(50))) { }
        return p;
    }

    sealed record StepRow(long Participant, int Round, string Condition, int StepNumber, Guid ClientStepId);

    static async Task<List<StepRow>> StepRowsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "ParticipantId", "Round", "Condition", "StepNumber", "ClientStepId" FROM "Steps" """, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StepRow>();
        while (await reader.ReadAsync()) rows.Add(new(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3), reader.GetGuid(4)));
        return rows;
    }

    static async Task<(int All, int ExpoFirst)> BalanceAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT COUNT(*), COUNT(*) FILTER (WHERE "ExpoFirst") FROM "Participants" """, db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
