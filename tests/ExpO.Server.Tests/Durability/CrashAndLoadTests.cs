using System.Collections.Concurrent;
using ExpO.Shared.Study;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ExpO.Server.Tests.Durability;

/// <summary>
/// The write path against real server processes on loopback (deployment issue): kill -9 while participants click,
/// and 200 participants doing whole studies at once. What a client saw acknowledged must be stored exactly once.
/// </summary>
[Collection(nameof(ServerProcessCollection))]
public sealed class CrashAndLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_ten_times_while_participants_click_it_keeps_every_acknowledged_step_exactly_once()
    {
        const int kills = 10, clients = 16;
        var folder = Directory.CreateTempSubdirectory("expo-crash-").FullName;
        int port = ServerProcess.FreePort();
        var server = await StudyServerProcess.StartAsync(folder, port);
        var acknowledged = new ConcurrentBag<Guid>();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var participants = new ConcurrentBag<SimulatedParticipant>();
        using var stop = new CancellationTokenSource();
        var players = Enumerable.Range(0, clients).Select(i => Task.Run(() => PlayUntilStoppedAsync(i))).ToArray();
        var rng = new Random(20261202);
        try
        {
            for (int k = 0; k < kills; k++)
            {
                await Task.Delay(rng.Next(1500, 3000)); // a random moment of clicking (a Debug server needs seconds to start)
                await server.KillAsync();
                server = await StudyServerProcess.StartAsync(folder, port);
            }
            await Task.Delay(1000);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(players);
        }

        // Everyone resumes where the database says they are, and the database holds each acknowledged step once.
        var stored = StepRows(Path.Combine(folder, "study.db"));
        foreach (var p in participants.Where(p => p.Token.Length > 0))
        {
            var state = await new StudyApiClient(http, attempts: 3).StateAsync(p.Token);
            if (state.Round is not { } round) continue;
            var hash = Study.Keys.ParticipantKeys.TokenHash(p.Token);
            foreach (var side in new[] { Condition.A, Condition.B })
                Assert.Equal(stored.Count(s => s.TokenHash == hash && s.Round == round.Number && s.Condition == side.ToString()), round[side].Steps);
        }
        await server.KillAsync();
        var ids = StepRows(Path.Combine(folder, "study.db")).Select(s => s.ClientStepId).ToList();
        Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} steps acknowledged: the test did not load the server");
        var once = ids.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(acknowledged, id => Assert.Equal(1, once.GetValueOrDefault(id)));
        Assert.Equal("ok", Scalar(Path.Combine(folder, "study.db"), "PRAGMA integrity_check"));
        output.WriteLine($"{kills} kills survived; {acknowledged.Count} steps acknowledged, all stored once; {ids.Count} step rows in all (any extra were written but their answer was cut off by a kill).");
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, true);

        async Task PlayUntilStoppedAsync(int seed)
        {
            var api = new AcknowledgingApi(new StudyApiClient(http, attempts: 1), acknowledged);
            var p = new SimulatedParticipant(api, new RandomItemPolicy(), seed);
            participants.Add(p);
            var entry = NewEntry();
            while (!stop.IsCancellationRequested)
            {
                // The server may be down or the answer lost: MoveAsync waits, then goes on from what the server says.
                if (await SurvivingParticipant.MoveAsync(p, entry, TimeSpan.FromMilliseconds(100)))
                {
                    p = new SimulatedParticipant(api, new RandomItemPolicy(), seed += 1000);
                    participants.Add(p);
                    entry = NewEntry();
                }
            }
        }

        static Shared.Study.Contracts.EntryRequest NewEntry() => new() { Source = RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() };
    }

    [Fact]
    public async Task Two_hundred_participants_doing_whole_studies_at_once_lose_and_duplicate_nothing()
    {
        await using var server = await StudyServerProcess.StartAsync();
        var acknowledged = new ConcurrentBag<Guid>();
        var latencies = new ConcurrentBag<double>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var finals = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var p = new SimulatedParticipant(new AcknowledgingApi(new StudyApiClient(http, attempts: 1), acknowledged, latencies), new ClosestChangePolicy(), i);
            await p.EnterDirectAsync();
            return await p.PlayToEndAsync();
        }));
        var elapsed = clock.Elapsed;
        Assert.All(finals, s => Assert.Equal(StudyStage.Complete, s.Stage)); // any error would have thrown: zero errors
        await server.KillAsync();
        var ids = StepRows(server.DatabasePath).Select(s => s.ClientStepId).ToList();
        Assert.Equal(acknowledged.Count, ids.Count);           // nothing lost, nothing extra
        Assert.Equal(ids.Count, ids.Distinct().Count());       // nothing twice
        Assert.True(acknowledged.ToHashSet().SetEquals(ids));
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        output.WriteLine($"200 participants, {ids.Count} steps in {elapsed.TotalSeconds:F1} s: step p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms.");
        SqliteConnection.ClearAllPools();
    }

    sealed record StepRow(string TokenHash, int Round, string Condition, Guid ClientStepId);

    /// <summary>The Steps table straight from the file (read-only; the server may be dead).</summary>
    static List<StepRow> StepRows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.TokenHash, s.Round, s.Condition, s.ClientStepId FROM Steps s JOIN Participants p ON p.Id = s.ParticipantId";
        using var reader = command.ExecuteReader();
        var rows = new List<StepRow>();
        while (reader.Read()) rows.Add(new(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Guid.Parse(reader.GetString(3))));
        return rows;
    }

    static string Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar())!;
    }
}

/// <summary>Server processes use both cores flat out: their tests run one at a time, apart from the in-process ones.</summary>
[CollectionDefinition(nameof(ServerProcessCollection), DisableParallelization = true)]
public sealed class ServerProcessCollection;
