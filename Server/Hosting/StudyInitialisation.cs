using ExpO.Server.Admin;
using ExpO.Server.Data;
using ExpO.Server.Explanations;
using ExpO.Server.Startup;
using ExpO.Server.Studies;
using ExpO.Server.Study;
using ExpO.Server.Study.Settings;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Hosting;

/// <summary>What must be ready before the first request, in the one order that works.</summary>
public static class StudyInitialisation
{
    public static async Task InitialiseStudyAsync(this WebApplication app)
    {
        // A wrong setting stops the start with one line before anything is touched.
        app.ValidateSettings();
        // The participant key before the migrations: they compute keyed hashes in SQL (migration KeysOutsideDatabase).
        app.LoadParticipantKeys();
        await app.MigrateStudyDatabaseAsync(app.MigrationFunctions());
        // The studies before their settings: a settings check needs its study's start points.
        var studies = await app.LoadStudiesAsync(app.Services.GetRequiredService<IOptions<StudyOptions>>().Value.Title);
        // MAPLE studies fit their forests now, not while their first participant waits.
        var explanations = app.Services.GetRequiredService<ExplanationService>();
        foreach (var study in studies) explanations.Prepare(study);
        // Both need the tables the migrations made.
        await app.EnsureStudySettingsAsync();
        // Loading the bundles (7 MB of JSON for the wine pair) leaves a fragmented large-object heap behind; compacted
        // once now, before any participant, the paced step p99 is back to 21 ms from 27-40 (docs/benchmarks.md).
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        await app.CreateFirstResearcherAsync();
    }
}
