using System.Net;
using System.Text.Json.Nodes;
using ExpO.Server.Hosting;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;

namespace ExpO.Server.Tests;

/// <summary>What running a study needs around it: health endpoints and an online backup that restores.</summary>
public sealed class OperationsTests : ServerTest
{
    [Fact]
    public async Task Alive_and_health_answer_and_health_fails_when_a_migration_is_missing()
    {
        var http = Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthEndpoints.Alive)).StatusCode);
        var health = await http.GetAsync(HealthEndpoints.Health);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", (string)body["status"]!);
        Assert.Equal(["client", "database", "migrations", "models"], body["checks"]!.AsObject().Select(c => c.Key).Order());

        // A database one migration behind the code: /health says so (503), /alive still answers.
        await using (var db = Server.Db())
            await db.Database.ExecuteSqlRawAsync("DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT MAX(MigrationId) FROM __EFMigrationsHistory)");
        var behind = await http.GetAsync(HealthEndpoints.Health);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.StatusCode);
        Assert.Equal("Unhealthy", (string)JsonNode.Parse(await behind.Content.ReadAsStringAsync())!["checks"]!["migrations"]!);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthEndpoints.Alive)).StatusCode);

        // Probes are not logged per request; a participant's call is.
        LogEventLevel Level(string path) => HostingExtensions.RequestLogLevel(new DefaultHttpContext { Request = { Path = path } }, null);
        Assert.Equal((LogEventLevel.Verbose, LogEventLevel.Information), (Level(HealthEndpoints.Health), Level("/api/v1/study")));
    }

    [Fact]
    public async Task A_backup_taken_while_participants_click_is_whole_and_a_server_resumes_from_it()
    {
        var playing = await StartedAsync(seed: 3);
        var finished = await StartedAsync(seed: 4);
        await finished.PlayToEndAsync();
        using var stop = new CancellationTokenSource();
        var clicking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && playing.State.Stage != Shared.Study.StudyStage.Complete) await playing.ActAsync();
        });
        var target = Path.Combine(Path.GetDirectoryName(Server.DatabasePath)!, "backup.db");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["backup", "--to", target, $"--Database:Path={Server.DatabasePath}"], stdout, stderr));
        stop.Cancel();
        await clicking;
        Assert.Contains("Backed up", stdout.ToString());

        await using (var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False"))
        {
            await copy.OpenAsync();
            await using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
        // A second backup to the same file is refused and leaves it as it was.
        var before = await File.ReadAllBytesAsync(target);
        Assert.Equal(2, await ServerCommandLine.RunAsync(["backup", "--to", target, $"--Database:Path={Server.DatabasePath}"], new StringWriter(), stderr));
        Assert.Contains("never overwrites", stderr.ToString());
        Assert.Equal(before, await File.ReadAllBytesAsync(target));

        // Restore: a server on the copy knows the finished participant by their link.
        using var restored = new StudyServerFactory(new() { ["Database:Path"] = target });
        var state = await new StudyApiClient(restored.CreateClient(), 1).StateAsync(finished.Token);
        Assert.Equal(Shared.Study.StudyStage.Complete, state.Stage);
    }

    [Fact]
    public async Task Each_request_is_a_line_in_the_rolling_log_file_without_the_token()
    {
        var p = await StartedAsync();
        await Server.CreateClient().GetAsync(HealthEndpoints.Health);
        const string line = "HTTP POST /api/v1/participants/{token}/consent responded 200";
        var text = await Server.LogTextAsync(t => t.Contains(line));
        Assert.Contains(line, text);
        Assert.DoesNotContain(p.Token, text);
        Assert.DoesNotContain("/health", text);
    }

    [Fact]
    public async Task Entries_that_race_on_a_unique_index_are_one_information_line_each_not_errors()
    {
        // The same entry sent eight times at once: those that lose the race on the unique ClientEntryId retry. Whether
        // a burst races at all depends on timing (a loaded machine can serialize it), so up to five bursts are sent.
        string text = "";
        for (int burst = 0; burst < 5 && !text.Contains("got there first"); burst++)
        {
            var entry = new EntryRequest { Source = Shared.Study.RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() };
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api().EnterAsync(entry)));
            text = await Server.LogTextAsync(t => t.Contains("got there first"), tries: 20);
        }
        Assert.Contains("A concurrent entry got there first", text);
        Assert.DoesNotContain("[ERR]", text);
        Assert.DoesNotContain("   at ", text); // no stack trace
    }

    [Fact]
    public async Task The_server_does_not_name_itself()
    {
        var baseUri = Server.StartOnLoopback(); // Kestrel itself, as run.sh starts it (the in-memory host never adds the header)
        using var http = new HttpClient { BaseAddress = baseUri };
        var answer = await http.GetAsync(HealthEndpoints.Alive);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Server"), $"Server: {string.Join(",", answer.Headers.Server)}");
    }

    [Fact]
    public async Task Copy_database_moves_a_running_study_into_postgresql_where_everyone_resumes_and_refuses_a_second_copy()
    {
        var finished = await StartedAsync(seed: 5);
        await finished.PlayToEndAsync();
        var midway = await StartedAsync(seed: 6);
        for (int i = 0; i < 5; i++) await midway.ActAsync();
        var worker = new EntryRequest { Source = Shared.Study.RecruitmentSource.Mturk, WorkerId = "A2MOVED", AssignmentId = "ASSIGN9", HitId = "HIT9", TurkSubmitTo = StudyServerFactory.TestTurkHost };
        await new SimulatedParticipant(Api(), new ClosestChangePolicy(), 7).EnterAsync(worker);
        var connection = PostgresServer.Instance.NewDatabase();

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["copy-database", "--to-postgres", connection, $"--Database:Path={Server.DatabasePath}"], stdout, stderr));
        Assert.Contains("every table's count matches", stdout.ToString());

        // The servers on PostgreSQL, with the same key file: the same rows, and everyone goes on where they were.
        using var moved = new StudyServerFactory(new() { ["Database:ConnectionString"] = connection, ["Study:KeyPath"] = Server.KeyPath }, Data.DatabaseProvider.PostgreSQL);
        await using (var before = Server.Db())
        await using (var after = moved.Db())
        {
            Assert.Equal(await before.Participants.CountAsync(), await after.Participants.CountAsync());
            Assert.Equal(await before.Steps.CountAsync(), await after.Steps.CountAsync());
            Assert.Equal(await before.Rounds.CountAsync(), await after.Rounds.CountAsync());
            Assert.Equal(await before.Studies.Select(x => x.Title).SingleAsync(), await after.Studies.Select(x => x.Title).SingleAsync());
            // The same instant to the microsecond, PostgreSQL's resolution (.NET's is 0.1 µs), now marked UTC.
            var (last, lastThere) = (await before.Steps.MaxAsync(x => x.ServerTimeUtc), await after.Steps.MaxAsync(x => x.ServerTimeUtc));
            Assert.Equal(last.Ticks / 10, lastThere.Ticks / 10);
            Assert.Equal(DateTimeKind.Utc, lastThere.Kind);
        }
        var there = new StudyApiClient(moved.CreateClient(), 1);
        Assert.Equal(Shared.Study.StudyStage.Complete, (await there.StateAsync(finished.Token)).Stage);
        var continued = midway.Through(there);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(midway.State), System.Text.Json.JsonSerializer.Serialize(await continued.RefreshAsync()));
        await continued.PlayToEndAsync(); // new rows take ids after the copied ones
        Assert.Equal(Shared.Study.EntryOutcome.Resumed, (await there.EnterAsync(worker)).Outcome); // the keyed hash of their id matches
        await new SimulatedParticipant(there, new ClosestChangePolicy(), 8).EnterDirectAsync(); // a new participant's id follows the copied ones

        // A second copy finds data there: refused, nothing changed.
        int steps = await CountStepsAsync(moved);
        var refused = new StringWriter();
        Assert.Equal(1, await ServerCommandLine.RunAsync(["copy-database", "--to-postgres", connection, $"--Database:Path={Server.DatabasePath}"], new StringWriter(), refused));
        Assert.Contains("holds study data already", refused.ToString());
        Assert.Equal(steps, await CountStepsAsync(moved));
        Assert.Equal(2, await ServerCommandLine.RunAsync(["copy-database", "--to-postgres", "Hots=nowhere", $"--Database:Path={Server.DatabasePath}"], new StringWriter(), refused));
        Assert.Contains("not a PostgreSQL connection string", refused.ToString());

        // The verbs read the configured database, PostgreSQL too; backup is SQLite's, and says what to use instead.
        string[] onPostgres = ["--Database:Provider=PostgreSQL", $"--Database:ConnectionString={connection}"];
        var listed = new StringWriter();
        var listError = new StringWriter();
        Assert.True(await ServerCommandLine.RunAsync(["study", "list", .. onPostgres, $"--Study:ModelsPath={Path.Combine(RepoFiles.Root, "models")}"], listed, listError) == 0, listError.ToString());
        Assert.Contains("housing", listed.ToString());
        var analysis = new StringWriter();
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", "--json", .. onPostgres], analysis, new StringWriter()));
        Assert.NotNull(JsonNode.Parse(analysis.ToString()));
        var backup = new StringWriter();
        Assert.Equal(2, await ServerCommandLine.RunAsync(["backup", "--to", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"), .. onPostgres], new StringWriter(), backup));
        Assert.Contains("pg_dump", backup.ToString());

        static async Task<int> CountStepsAsync(StudyServerFactory server)
        {
            await using var db = server.Db();
            return await db.Steps.CountAsync();
        }
    }
}
