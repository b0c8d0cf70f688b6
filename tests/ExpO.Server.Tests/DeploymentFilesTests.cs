using System.Text.Json;
using System.Text.RegularExpressions;
using ExpO.Server.Hosting;

namespace ExpO.Server.Tests;

/// <summary>
/// No Docker engine runs here or in CI, so the Dockerfile and docker-compose.yml are checked by reading them against
/// the code they deploy: every COPY source exists, the publish line names the server project, the entry point is the
/// server's assembly, the image runs as a non-root user with a health check on /health, every setting it passes is
/// one the server reads, and compose agrees with the image (stages, paths, health check, volumes, the train profile).
/// </summary>
public sealed partial class DeploymentFilesTests
{
    static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepoFiles.Root, "Dockerfile"));
    static readonly string Compose = File.ReadAllText(Path.Combine(RepoFiles.Root, "docker-compose.yml"));

    static IEnumerable<string> Instructions(string stage) =>
        Dockerfile.Split("\nFROM ").Single(s => s.Contains($" AS {stage}\n")).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [Fact]
    public void Every_file_the_image_copies_from_the_checkout_exists()
    {
        var copies = Dockerfile.Split('\n').Where(l => l.StartsWith("COPY ") && !l.Contains("--from=")).ToList();
        Assert.NotEmpty(copies);
        foreach (var line in copies)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]; // sources; the last is the target
            foreach (var source in parts)
                Assert.True(File.Exists(Path.Combine(RepoFiles.Root, source)) || Directory.Exists(Path.Combine(RepoFiles.Root, source)), $"{line}: {source} is not in the checkout");
        }
        // The server's own project references are all copied before the restore.
        var server = File.ReadAllText(Path.Combine(RepoFiles.Root, "Server", "ExpO.Server.csproj"));
        foreach (Match reference in ProjectReference().Matches(server))
            Assert.Contains(reference.Groups[1].Value.Replace("..\\", "").Replace('\\', '/'), Dockerfile);
    }

    [Fact]
    public void The_final_image_publishes_and_runs_the_server_as_a_non_root_user_with_a_health_check()
    {
        Assert.Contains(Instructions("build"), l => l.StartsWith("RUN dotnet publish Server/ExpO.Server.csproj -c Release -o /app", StringComparison.Ordinal));
        var final = Instructions("final").ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0 ", final[0]);
        var user = Assert.Single(final, l => l.StartsWith("USER "));
        Assert.DoesNotMatch("^USER (root|0)(:|$)", user);
        var entry = JsonSerializer.Deserialize<string[]>(final.Single(l => l.StartsWith("ENTRYPOINT ")).Split(' ', 2)[1])!;
        Assert.Equal(["dotnet", typeof(Program).Assembly.GetName().Name + ".dll"], entry);
        var health = Assert.Single(final, l => l.StartsWith("HEALTHCHECK "));
        Assert.Contains("GET " + HealthEndpoints.Health + " ", health);
        Assert.Contains("ENV ASPNETCORE_URLS=http://+:8080", final);
        Assert.Contains("EXPOSE 8080", final);
    }

    [Fact]
    public void Every_setting_the_image_and_compose_pass_is_one_the_server_reads()
    {
        // Settings as environment variables (Section__Key) and the option each one binds to.
        var known = new Dictionary<string, Type[]>
        {
            ["Database"] = [typeof(Data.DatabaseOptions)],
            ["Study"] = [typeof(Study.Settings.StudyOptions), typeof(Models.ModelOptions)],
            ["Logs"] = [typeof(LogOptions)],
            ["Admin"] = [typeof(Admin.AdminOptions)],
            ["Hosting"] = [typeof(ProxyOptions)],
        };
        var names = EnvironmentSetting().Matches(Dockerfile + "\n" + Compose).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("Study__KeyPath", names);
        foreach (var name in names.Where(n => !n.StartsWith("ASPNETCORE_") && !n.StartsWith("DOTNET_")))
        {
            var (section, key) = (name.Split("__")[0], name.Split("__")[1]);
            Assert.True(known.TryGetValue(section, out var types), $"{name}: no section {section}");
            Assert.True(types.Any(t => t.GetProperty(key) is not null), $"{name}: no {key} in {string.Join(", ", types.Select(t => t.Name))}");
        }
    }

    [Fact]
    public void Compose_builds_the_images_stages_and_keeps_data_and_key_on_volumes()
    {
        Assert.Matches(@"server:\s+build:\s+context: \.\s+target: final", Compose);
        Assert.Matches(@"train:\s+profiles: \[""train""\]\s+build:\s+context: \.\s+target: train", Compose);
        Assert.Contains(" AS train\n", Dockerfile);
        Assert.Contains(":/data", Compose);
        Assert.Contains(":/keys", Compose);
        // The same paths as the image's defaults, and the same health check.
        foreach (var setting in new[] { "Database__Path", "Logs__Path", "Study__KeyPath" })
        {
            var image = Regex.Match(Dockerfile, $"ENV {setting}=(\\S+)").Groups[1].Value;
            Assert.Contains($"{setting}: {image}", Compose);
        }
        var imageCheck = JsonSerializer.Deserialize<string[]>(Regex.Match(Dockerfile, "HEALTHCHECK .*? CMD (\\[.*\\])").Groups[1].Value)!;
        var composeCheck = JsonSerializer.Deserialize<string[]>(Regex.Match(Compose, "test: (\\[.*\\])").Groups[1].Value)!;
        Assert.Equal(imageCheck, composeCheck[1..]);
        Assert.Equal("CMD", composeCheck[0]);
    }

    [Fact]
    public void Build_outputs_and_local_databases_stay_out_of_the_build_context()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepoFiles.Root, ".dockerignore"));
        foreach (var entry in new[] { "**/bin", "**/obj", "**/*.db", ".git" }) Assert.Contains(entry, ignore);
    }

    [GeneratedRegex(@"<ProjectReference Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"\b([A-Za-z]+__[A-Za-z]+)(?:__\d+)?\b")]
    private static partial Regex EnvironmentSetting();

    [Fact]
    public void Composes_postgres_profile_puts_two_servers_on_one_database_and_one_key_volume_behind_nginx()
    {
        // Each service of the profile, as a block of the file (up to the next service or the volumes).
        string Service(string name) => Regex.Match(Compose, $@"\n  {name}:.*?(?=\n  [a-z0-9-]+:|\nvolumes:)", RegexOptions.Singleline).Value;
        var (db, one, two, proxy) = (Service("postgres"), Service("server-pg-1"), Service("server-pg-2"), Service("nginx"));
        Assert.Contains("profiles: [\"postgres\"]", db);
        Assert.Contains("image: postgres:15", db);
        Assert.Contains("pg_isready", db);
        // server-pg-2 is server-pg-1's block again (a YAML merge), with a /data of its own and the same keys.
        Assert.Contains("&server-pg", one);
        Assert.Contains("<<: *server-pg", two);
        Assert.Contains("Database__Provider: PostgreSQL", one);
        Assert.Contains("Database__ConnectionString: Host=postgres;", one);
        Assert.Contains("condition: service_healthy", one);
        Assert.Contains("target: final", one);
        var keys = Regex.Match(one, @"- (\S+):/keys").Groups[1].Value;
        Assert.Equal(keys, Regex.Match(two, @"- (\S+):/keys").Groups[1].Value);
        Assert.Contains("Study__KeyPath: /keys/", one);
        Assert.NotEqual(Regex.Match(one, @"- (\S+):/data").Groups[1].Value, Regex.Match(two, @"- (\S+):/data").Groups[1].Value);
        // The proxy: its config file exists and names both servers; it waits for both to be healthy.
        Assert.Contains("source: ./deploy/nginx.conf", proxy);
        Assert.Contains("server-pg-1:", proxy);
        Assert.Contains("server-pg-2:", proxy);
        var nginx = File.ReadAllText(Path.Combine(RepoFiles.Root, "deploy", "nginx.conf"));
        Assert.Contains("server server-pg-1:8080", nginx);
        Assert.Contains("server server-pg-2:8080", nginx);
        Assert.Contains("location /_blazor", nginx);
        // The default service is untouched by the profile: still SQLite, no provider setting.
        Assert.DoesNotContain("Database__Provider", Service("server"));
    }
}
