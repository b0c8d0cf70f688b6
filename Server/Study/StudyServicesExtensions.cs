using ExpO.Server.Explanations;
using ExpO.Server.Startup;
using ExpO.Server.Study.Entry;
using ExpO.Server.Study.Keys;
using ExpO.Server.Study.Settings;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Study.Contracts;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study;

public static class StudyServicesExtensions
{
    /// <summary>Options (validated at start), the explanation service, keys, the participant cache and the study's services.</summary>
    public static WebApplicationBuilder AddStudyServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddCheckedOptions<StudyOptions, StudyOptionsValidator>(StudyOptions.Section);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, StudyJsonContext.Default);
            // Numbers are numbers: "3" for an item is refused (the web defaults would read it).
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StudyViews>();
        builder.Services.AddSingleton(sp => new LimeOptions { NumSamples = sp.GetRequiredService<IOptions<StudyOptions>>().Value.Settings.LimeSamples });
        builder.Services.AddSingleton<ExplanationService>();
        builder.Services.AddSingleton<ParticipantKeys>();
        builder.Services.AddSingleton<ParticipantCache>();
        builder.Services.AddScoped<StudySettingsStore>();
        builder.Services.AddScoped<ParticipantStore>();
        builder.Services.AddScoped<EntryService>();
        builder.Services.AddScoped<StageService>();
        builder.Services.AddScoped<StepService>();
        builder.Services.AddScoped<PracticeService>();
        builder.Services.AddScoped<ProlificCodeCheck>();
        builder.Services.AddScoped<StudyPageLoader>();
        return builder;
    }

    /// <summary>Writes the first settings version (or the configuration's changed one) before the first request, after the migrations.</summary>
    public static async Task EnsureStudySettingsAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var (current, ignored) = await scope.ServiceProvider.GetRequiredService<StudySettingsStore>().EnsureCurrentAsync(app.Lifetime.ApplicationStopping);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ExpO.Server.Study.Settings");
        log.LogInformation("Study settings: version {Version} ({Origin}), {Rounds} rounds, {State} to new participants",
            current.Id, current.Origin, current.Protocol.Rounds, current.Open ? "open" : "closed");
        if (await scope.ServiceProvider.GetRequiredService<ProlificCodeCheck>().WarningAsync(current, app.Lifetime.ApplicationStopping) is { } prolific)
            log.LogWarning("{Warning}", prolific);
        else if (current.ProlificCompletionCode.Length == 0)
            log.LogInformation("{Note}", ProlificCodeCheck.NotSetYet);
        if (ignored)
            log.LogWarning("The configuration's Study settings differ from version {Version}, saved on the settings page by {Researcher}; " +
                "the page's version stays in force (change it there)", current.Id, current.SavedBy);
    }

    /// <summary>
    /// Reads (or creates) the participant key file before the migrations: they hash an older database's platform ids
    /// with it (<see cref="ParticipantKeys.AddSqlFunctions"/>).
    /// </summary>
    public static void LoadParticipantKeys(this WebApplication app)
    {
        var root = app.Environment.ContentRootPath;
        var path = app.Services.GetRequiredService<IOptions<StudyOptions>>().Value.KeyFullPath(root);
        var databaseOptions = app.Services.GetRequiredService<IOptions<Data.DatabaseOptions>>().Value;
        // Only a SQLite file can be from before the key file (PostgreSQL came after it).
        var database = databaseOptions.Provider == Data.DatabaseProvider.Sqlite ? databaseOptions.FullPath(root) : null;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ExpO.Server.Study.Keys");
        app.Services.GetRequiredService<ParticipantKeys>().Use(ParticipantKeyFile.LoadOrCreate(path, database, log));
    }

    /// <summary>The SQL functions the migrations call (the keyed hashes), for <c>MigrateStudyDatabaseAsync</c>.</summary>
    public static Action<System.Data.Common.DbConnection> MigrationFunctions(this WebApplication app) =>
        app.Services.GetRequiredService<ParticipantKeys>().AddSqlFunctions;
}
