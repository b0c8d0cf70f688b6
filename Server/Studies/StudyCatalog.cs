using System.Collections.Concurrent;
using ExpO.Server.Models;
using ExpO.Shared.Science.Bundles;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Studies;

/// <summary>
/// The studies this server runs, by id and by link name, each with its loaded models. Studies are rows: one created
/// while the server runs (by the `study` verb or another instance) is read from the database the first time it is
/// asked for, and kept from then on (a study's bundles and explainer never change once created).
/// </summary>
public sealed class StudyCatalog(ModelCatalog models, IServiceScopeFactory scopes)
{
    readonly ConcurrentDictionary<long, StudyRuntime> _byId = new();
    readonly ConcurrentDictionary<string, StudyRuntime> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The paper's housing study (loaded at start: the server does not start without its bundles).</summary>
    public StudyRuntime Default => _byId.TryGetValue(StudyDefinition.DefaultId, out var s)
        ? s
        : throw new InvalidOperationException("The default study is loaded at start (StudiesExtensions.LoadStudiesAsync).");

    /// <summary>
    /// A participant's study, by the id stored with them, for the synchronous views. Loaded at start or when its link
    /// was first used; only a study created on another instance after this one started is read here, once.
    /// </summary>
    public StudyRuntime Get(long id)
    {
        if (_byId.TryGetValue(id, out var s)) return s;
        using var scope = scopes.CreateScope();
        var row = scope.ServiceProvider.GetRequiredService<StudyDbContext>().Studies.AsNoTracking().FirstOrDefault(d => d.Id == id);
        return row is null ? throw new StudyUnavailableException($"Study {id} is not in the database.") : Add(row);
    }

    /// <summary>A study by its link name (null or empty: the default study); null when there is none of that name.</summary>
    public async ValueTask<StudyRuntime?> FindAsync(string? name, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(name)) return Default;
        if (name.Length > StudyDefinitionLimits.NameMaxLength) return null;
        // Names are stored in lower case (StudyCreation), so links match whatever case they were typed in.
        var lower = name.ToLowerInvariant();
        return _byName.TryGetValue(lower, out var s) ? s
            : await ReadAsync(db => db.Studies.AsNoTracking().FirstOrDefaultAsync(d => d.Name == lower, ct), ct);
    }

    /// <summary>Every study's link name, in the order they were created (one query, no models loaded: the study picker's list).</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StudyDbContext>().Studies.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Name).ToListAsync(ct);
    }

    /// <summary>Every study in the database, in the order they were created (each loaded, or the reason it cannot be).</summary>
    public async Task<IReadOnlyList<(StudyRuntime? Study, string Name, string? Problem)>> AllAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StudyDbContext>();
        var rows = await db.Studies.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        return rows.Select(d =>
        {
            try { return ((StudyRuntime?)Add(d), d.Name, (string?)null); }
            catch (StudyUnavailableException e) { return (null, d.Name, e.Message); }
        }).ToList();
    }

    async Task<StudyRuntime?> ReadAsync(Func<StudyDbContext, Task<StudyDefinition?>> read, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var row = await read(scope.ServiceProvider.GetRequiredService<StudyDbContext>());
        return row is null ? null : Add(row);
    }

    StudyRuntime Add(StudyDefinition row)
    {
        StudyRuntime study;
        try { study = StudyRuntime.Of(row, models); }
        catch (BundleFormatException e) { throw new StudyUnavailableException($"Study '{row.Name}' cannot run on this server: {e.Message}"); }
        _byId[study.Id] = study;
        _byName[study.Name] = study;
        return study;
    }
}

/// <summary>A study whose bundles this server does not have (or that do not pair): answered 503 with the reason.</summary>
public sealed class StudyUnavailableException(string message) : Exception(message);
