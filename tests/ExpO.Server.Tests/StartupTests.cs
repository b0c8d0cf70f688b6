using System.Text.Json.Nodes;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>What is checked and prepared before the first request: settings, bundles, the participant key.</summary>
public sealed class StartupTests : ServerTest
{
    [Theory]
    // The committed bundles carry 20 start points, one of them kept for practice (models/*.bundle.json).
    [InlineData("Study:Settings:Rounds", "20", "Study:Settings:Rounds is 20")]
    [InlineData("Study:Settings:Rounds", "0", "Rounds must be at least 1")]
    [InlineData("Study:Settings:Tolerance", "-0.1", "Tolerance must be a positive number")]
    [InlineData("Study:Settings:StepSize", "0", "StepSize must be a positive number")]
    [InlineData("Study:Settings:LimeSamples", "5", "LimeSamples must be at least 50")]
    [InlineData("Study:FrameAncestors:0", "http://insecure.example", "take https origins")]
    [InlineData("Study:Title", " ", "Study:Title must not be empty")]
    [InlineData("Admin:Email", "lead@study.example", "Admin:Email and Admin:Password go together")]
    [InlineData("Admin:Password", "a long enough password", "Admin:Email and Admin:Password go together")]
    public void A_wrong_setting_stops_start_up_naming_the_setting(string key, string value, string message)
    {
        using var server = new StudyServerFactory(new() { [key] = value });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains(message, e.ToString());
    }

    [Fact]
    public async Task The_participant_key_file_exists_before_the_first_request_and_the_database_holds_no_key()
    {
        Assert.False(File.Exists(Server.KeyPath));
        _ = Server.Services; // starts the host without sending a request
        Assert.True(File.Exists(Server.KeyPath));
        await using var db = Server.Db();
        Assert.Equal(0, await db.Secrets.CountAsync());
    }

    [Fact]
    public async Task Empty_admin_settings_are_not_set_and_the_server_starts()
    {
        // docker-compose's env file with `Admin__Email=` and `Admin__Password=` crashed the start (deployment issue).
        using var server = new StudyServerFactory(new() { ["Admin:Email"] = "", ["Admin:Password"] = "" });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.CreateClient().GetAsync(Shared.Study.Contracts.StudyRoutes.Info)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_keys_are_written_to_files_beside_the_participant_key_not_kept_in_memory()
    {
        _ = Server.Services;
        await Server.CreateClient().GetAsync("/admin/sign-in"); // its antiforgery token needs a key
        var folder = Path.Combine(Path.GetDirectoryName(Server.KeyPath)!, "data-protection");
        Assert.NotEmpty(Directory.GetFiles(folder, "key-*.xml"));
    }

    [Theory]
    [InlineData("not base64 at all!", "is not base64 text")]
    [InlineData("AAAA", "holds 3 bytes, not 32")]
    public void A_damaged_key_file_stops_start_up_naming_the_file(string content, string message)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Server.KeyPath)!);
        File.WriteAllText(Server.KeyPath, content);
        var e = Assert.ThrowsAny<Exception>(() => Server.CreateClient());
        Assert.Contains(message, e.ToString());
        Assert.Contains(Server.KeyPath, e.ToString());
        Assert.Equal(content, File.ReadAllText(Server.KeyPath)); // left as it was
    }

    [Fact]
    public async Task A_participant_whose_model_bundle_was_renamed_gets_a_clear_503_not_a_crash()
    {
        // A study restarted with the bundles renamed: the participant's stored model 'expo' no longer exists.
        var p = await StartedAsync();
        var models = Directory.CreateTempSubdirectory("expo-models-").FullName;
        try
        {
            foreach (var (from, to) in new[] { ("none", "none"), ("expo", "expo-v2") })
            {
                var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoFiles.Root, "models", $"{from}.bundle.json")))!;
                json["name"] = to;
                await File.WriteAllTextAsync(Path.Combine(models, $"{to}.bundle.json"), json.ToJsonString());
            }
            using var restarted = new StudyServerFactory(new()
            {
                ["Database:Path"] = Server.DatabasePath,
                ["Study:ModelsPath"] = models,
                ["Study:ExpoModel"] = "expo-v2",
            });
            var api = new StudyApiClient(restarted.CreateClient(), attempts: 1);
            await using var db = Server.Db();
            var expoSide = (await db.Conditions.SingleAsync(c => c.Round!.Number == 1 && c.ModelName == "expo")).Slot;
            var e = await Assert.ThrowsAsync<StudyApiException>(() => api.StepAsync(p.Token, Click(p, expoSide, 1, Direction.Up)));
            Assert.Equal(503, e.Status);
            Assert.Contains("'expo'", e.Message);
            Assert.Equal(0, await db.Steps.CountAsync());
            // The other side's model is still there, and the state still reads.
            Assert.Equal(StudyStage.Round, (await api.StateAsync(p.Token)).Stage);
        }
        finally { Directory.Delete(models, recursive: true); }
    }
}

/// <summary>What reaches the log at its default level (Information): one line per page or API call, none per static file.</summary>
public sealed class RequestLogTests
{
    [Theory]
    [InlineData("GET", "/", 200, Serilog.Events.LogEventLevel.Information)]
    [InlineData("GET", "/s/abc", 200, Serilog.Events.LogEventLevel.Information)]
    [InlineData("POST", "/api/v1/participants/abc/steps", 200, Serilog.Events.LogEventLevel.Information)]
    [InlineData("GET", "/api/v1/participants/abc", 404, Serilog.Events.LogEventLevel.Information)]
    [InlineData("GET", "/_framework/blazor.web.abc123.js", 200, Serilog.Events.LogEventLevel.Debug)]
    [InlineData("GET", "/_framework/MudBlazor.x1.wasm", 304, Serilog.Events.LogEventLevel.Debug)]
    [InlineData("GET", "/_content/MudBlazor/MudBlazor.min.css", 200, Serilog.Events.LogEventLevel.Debug)]
    [InlineData("GET", "/app.k9.css", 200, Serilog.Events.LogEventLevel.Debug)]
    [InlineData("GET", "/_framework/gone.wasm", 500, Serilog.Events.LogEventLevel.Error)]
    public void Static_files_log_below_the_default_level(string method, string path, int status, Serilog.Events.LogEventLevel expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        (http.Request.Method, http.Request.Path, http.Response.StatusCode) = (method, path, status);
        Assert.Equal(expected, ExpO.Server.Hosting.HostingExtensions.RequestLogLevel(http, null));
    }
}

/// <summary>The database settings are checked before anything is opened.</summary>
public sealed class DatabaseSettingsTests
{
    [Theory]
    [InlineData("Database:Provider", "Postgres", "Database:Provider takes Sqlite")]
    [InlineData("Database:Synchronous", "OFF", "Database:Synchronous takes Full, Normal")]
    [InlineData("Database:Path", " ", "Database:Path a file name")]
    public void A_wrong_database_setting_stops_start_up_naming_it(string key, string value, string message)
    {
        using var server = new StudyServerFactory(new() { [key] = value });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains(message, e.ToString());
    }

    [Fact]
    public async Task Normal_synchronous_is_applied_to_every_connection()
    {
        using var server = new StudyServerFactory(new() { ["Database:Synchronous"] = "normal" });
        await new StudyApiClient(server.CreateClient()).InfoAsync();
        await using var db = server.Db();
        // Opened by EF, as every request's context opens it, so the pragma interceptor runs. (Opening the bare
        // connection took whatever physical connection the pool had, with or without the pragma: flaky under load.)
        await db.Database.OpenConnectionAsync();
        using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!); // SQLite: 1 = NORMAL, 2 = FULL
    }
}
