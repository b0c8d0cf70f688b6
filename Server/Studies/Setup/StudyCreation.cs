using System.Text.RegularExpressions;
using ExpO.Server.Data;
using ExpO.Server.Models;
using ExpO.Server.Study.Settings;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Study;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Studies.Setup;

/// <summary>A study a researcher asks for: the `study create` verb's options (the admin's form later).</summary>
public sealed record NewStudy(
    string Name, string Title, string ControlBundle, string TreatmentBundle, StudyExplainer Explainer, StudyQuantity Quantity,
    IReadOnlyList<string> ExcludedStudies, bool Open);

/// <summary>One study in a list: what `study list --json` prints.</summary>
public sealed record StudySummary(
    string Name, string Title, StudyExplainer Explainer, string ControlBundle, string TreatmentBundle, string Quantity,
    IReadOnlyList<string> ExcludedStudies, bool Open, int Participants, int Simulated);

/// <summary>
/// Creating and listing studies. A new study is checked whole before anything is written (name, bundles that pair,
/// explainer, the rounds its start points allow, the studies it excludes); then its row and its first settings version
/// (the default study's, as they are now) are written in one transaction.
/// </summary>
public sealed partial class StudyCreation(StudyDbContext db, ModelCatalog models, StudySettingsStore settings, WriteGate writeGate, TimeProvider time)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    /// <summary>The new study's summary, or what is wrong with the request (nothing written).</summary>
    public async Task<(StudySummary? Created, IReadOnlyList<string> Problems)> CreateAsync(NewStudy s, string? createdBy, CancellationToken ct)
    {
        var problems = await ProblemsAsync(s, ct);
        if (problems.Count > 0) return (null, problems);
        var (control, treatment) = models.Pair(s.ControlBundle, s.TreatmentBundle);
        var row = new StudyDefinition
        {
            Name = s.Name,
            Title = s.Title.Trim(),
            // As the bundles name themselves (the request's names match them whatever their case).
            ControlBundle = control.Bundle.Name,
            TreatmentBundle = treatment.Bundle.Name,
            Explainer = s.Explainer,
            Quantity = s.Quantity,
            ExcludedStudies = [.. s.ExcludedStudies.Select(n => n.ToLowerInvariant()).Distinct()],
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Studies.Add(row);
            using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
            await settings.StartStudyAsync(row.Id, s.Open, createdBy, ct);
            await tx.CommitAsync(ct);
        }
        return ((await ListAsync(ct)).Single(x => x.Name == row.Name), []);
    }

    /// <summary>Every study, oldest first, with its state and how many took part (people and simulated participants apart).</summary>
    public async Task<IReadOnlyList<StudySummary>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Studies.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        var counts = await db.Participants.GroupBy(p => new { p.StudyDefinitionId, Agent = p.Source == RecruitmentSource.Agent })
            .Select(g => new { g.Key.StudyDefinitionId, g.Key.Agent, Count = g.Count() }).ToListAsync(ct);
        var list = new List<StudySummary>();
        foreach (var d in rows)
        {
            bool open = (await settings.CurrentAsync(d.Id, ct)).Open;
            int Count(bool agent) => counts.Where(c => c.StudyDefinitionId == d.Id && c.Agent == agent).Sum(c => c.Count);
            list.Add(new(d.Name, d.Title, d.Explainer, d.ControlBundle, d.TreatmentBundle, d.Quantity.Name, d.ExcludedStudies, open, Count(false), Count(true)));
        }
        return list;
    }

    async Task<List<string>> ProblemsAsync(NewStudy s, CancellationToken ct)
    {
        var problems = new List<string>();
        if (s.Name.Length > StudyDefinitionLimits.NameMaxLength || !NamePattern().IsMatch(s.Name))
            problems.Add($"The name '{s.Name}' is not usable in a link: lower-case letters, digits and '-', starting with a letter or digit, at most {StudyDefinitionLimits.NameMaxLength}.");
        else if (await db.Studies.AnyAsync(d => d.Name == s.Name, ct))
            problems.Add($"There is a study named '{s.Name}' already.");
        if (string.IsNullOrWhiteSpace(s.Title) || s.Title.Trim().Length > StudyDefinitionLimits.TitleMaxLength)
            problems.Add($"The title must be 1 to {StudyDefinitionLimits.TitleMaxLength} characters.");
        try
        {
            var (control, _) = models.Pair(s.ControlBundle, s.TreatmentBundle);
            var rounds = (await settings.CurrentAsync(StudyDefinition.DefaultId, ct)).Protocol.Rounds;
            // Each round needs its own start point and one is kept for practice (StudySettingsRules).
            if (control.Bundle.StartPoints.Count - 1 < rounds)
                problems.Add($"The bundles carry {control.Bundle.StartPoints.Count} start points, too few for {rounds} rounds and the practice board.");
        }
        catch (BundleFormatException e) { problems.Add(e.Message); }
        if (!Enum.IsDefined(s.Explainer)) problems.Add("The explainer must be lime or maple.");
        // MAPLE fits a forest on the black box's predictions over the training rows: bundles from before they were kept cannot.
        else if (s.Explainer == StudyExplainer.Maple && models.Names.Contains(s.ControlBundle) && models.Names.Contains(s.TreatmentBundle)
            && !(models.Get(s.ControlBundle).Bundle.CarriesSplitInputs && models.Get(s.TreatmentBundle).Bundle.CarriesSplitInputs))
            problems.Add("MAPLE needs bundles that carry their training rows; these were written before bundles kept them. Train them again (Training's train verb) or use lime.");
        var known = await db.Studies.Select(d => d.Name).ToListAsync(ct);
        foreach (var missing in s.ExcludedStudies.Where(n => !known.Contains(n.ToLowerInvariant())))
            problems.Add($"There is no study named '{missing}' to exclude.");
        if (s.Quantity.Decimals is < 0 or > 4) problems.Add("The quantity's decimals must be 0 to 4.");
        if (!(s.Quantity.Scale > 0) || !double.IsFinite(s.Quantity.Scale)) problems.Add("The quantity's scale must be a positive number.");
        if (string.IsNullOrWhiteSpace(s.Quantity.Name) || string.IsNullOrWhiteSpace(s.Quantity.Subject))
            problems.Add("The quantity needs a name (\"quality\") and a subject (\"wine\").");
        return problems;
    }
}
