using ExpO.Server.Data;
using ExpO.Server.Studies;
using ExpO.Shared.Study;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Settings;

/// <summary>A settings version as the study and the settings page see it.</summary>
public sealed record StudySettingsView(
    long Id, StudySettings Protocol, string ConsentText, string ProlificCompletionCode, bool Open, bool AllowRepeatParticipation,
    SettingsOrigin Origin, string? SavedBy, DateTime CreatedUtc);

/// <summary>What a researcher changes on the settings page (LIME's sample count stays a server setting).</summary>
public sealed record SettingsChange(
    int Rounds, double TargetOffset, double Tolerance, double StepSize, string ConsentText, string ProlificCompletionCode,
    bool Open, bool AllowRepeatParticipation);

/// <summary>
/// Each study's settings as versions in the database: the newest is what new participants get; each participant keeps
/// theirs. Read from the database on every entry (not cached), so every server instance sees a change at once.
/// </summary>
public sealed class StudySettingsStore(StudyDbContext db, WriteGate writeGate, IOptions<StudyOptions> studyOptions, StudyCatalog studies, TimeProvider time)
{
    readonly StudyOptions _options = studyOptions.Value;

    public async Task<StudySettingsView> CurrentAsync(long study, CancellationToken ct) =>
        View(await Newest(study).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Study {study} has no settings; its first version is written when it is created."));

    /// <summary>Every version, newest first, with how many participants entered under each.</summary>
    public async Task<IReadOnlyList<(StudySettingsView Version, int Participants)>> HistoryAsync(long study, CancellationToken ct)
    {
        var counts = await db.Participants.Where(p => p.StudyDefinitionId == study && p.SettingsVersionId != null)
            .GroupBy(p => p.SettingsVersionId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var versions = await Newest(study).ToListAsync(ct);
        return versions.Select(v => (View(v), counts.GetValueOrDefault(v.Id))).ToList();
    }

    /// <summary>Saves a new version, or returns what is wrong with the change and saves nothing.</summary>
    public async Task<(StudySettingsView? Saved, IReadOnlyList<string> Problems)> SaveAsync(long study, SettingsChange change, string researcher, CancellationToken ct)
    {
        var protocol = new StudySettings
        {
            Rounds = change.Rounds,
            TargetOffset = change.TargetOffset,
            Tolerance = change.Tolerance,
            StepSize = change.StepSize,
            LimeSamples = _options.Settings.LimeSamples,
        };
        var consent = change.ConsentText.Trim();
        var code = change.ProlificCompletionCode.Trim();
        var startPoints = studies.Get(study).StartPoints.Count;
        var problems = StudySettingsRules.Problems(protocol, consent, code, startPoints, StudySettingsRules.PageLabel);
        if (problems.Count > 0) return (null, problems);
        var saved = await AddAsync(new SettingsVersion
        {
            StudyDefinitionId = study,
            Protocol = protocol,
            ConsentText = consent,
            ProlificCompletionCode = code,
            Open = change.Open,
            AllowRepeatParticipation = change.AllowRepeatParticipation,
            Origin = SettingsOrigin.SettingsPage,
            SavedBy = researcher,
        }, ct);
        return (saved, []);
    }

    /// <summary>
    /// A new study's first version: the default study's settings as they are now, open or closed as the creator says
    /// (the protocol's checks against the new bundles' start points are the caller's).
    /// </summary>
    public async Task<StudySettingsView> StartStudyAsync(long study, bool open, string? createdBy, CancellationToken ct)
    {
        var template = await CurrentAsync(StudyDefinition.DefaultId, ct);
        return await AddAsync(new SettingsVersion
        {
            StudyDefinitionId = study,
            Protocol = template.Protocol,
            ConsentText = template.ConsentText,
            ProlificCompletionCode = "",
            Open = open,
            AllowRepeatParticipation = template.AllowRepeatParticipation,
            Origin = SettingsOrigin.NewStudy,
            SavedBy = createdBy,
        }, ct);
    }

    /// <summary>
    /// At start, for the default study: the first version comes from the configuration; a changed configuration becomes a new version while
    /// the configuration is what set the current one. Once a researcher has saved settings on the page, the page's
    /// version stays in force and the configuration is only the defaults (said in the log).
    /// </summary>
    public async Task<(StudySettingsView Current, bool ConfigurationIgnored)> EnsureCurrentAsync(CancellationToken ct)
    {
        var newest = await Newest(StudyDefinition.DefaultId).FirstOrDefaultAsync(ct);
        var configured = new SettingsVersion
        {
            Protocol = _options.Settings,
            ConsentText = _options.ConsentText,
            ProlificCompletionCode = _options.ProlificCompletionCode,
            Open = newest?.Open ?? true,
            AllowRepeatParticipation = _options.AllowRepeatParticipation,
            Origin = SettingsOrigin.Configuration,
        };
        if (newest is not null && SameSettings(newest, configured)) return (View(newest), false);
        if (newest is { Origin: SettingsOrigin.SettingsPage }) return (View(newest), true);
        return (await AddAsync(configured, ct), false);
    }

    static bool SameSettings(SettingsVersion a, SettingsVersion b) =>
        a.Protocol == b.Protocol && a.ConsentText == b.ConsentText && a.ProlificCompletionCode == b.ProlificCompletionCode
        && a.AllowRepeatParticipation == b.AllowRepeatParticipation;

    async Task<StudySettingsView> AddAsync(SettingsVersion version, CancellationToken ct)
    {
        version.CreatedUtc = time.GetUtcNow().UtcDateTime;
        db.SettingsVersions.Add(version);
        using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return View(version);
    }

    IQueryable<SettingsVersion> Newest(long study) =>
        db.SettingsVersions.AsNoTracking().Where(v => v.StudyDefinitionId == study).OrderByDescending(v => v.Id);

    static StudySettingsView View(SettingsVersion v) => new(
        v.Id, v.Protocol, v.ConsentText, v.ProlificCompletionCode, v.Open, v.AllowRepeatParticipation, v.Origin, v.SavedBy, v.CreatedUtc);
}
