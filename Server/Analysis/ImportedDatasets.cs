using ExpO.Server.Data;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Analysis;

/// <summary>An imported dataset as the pages list it.</summary>
public sealed record DatasetView(string Name, DatasetFormat Format, int Participants, string ImportedBy, DateTime ImportedUtc);

/// <summary>Named datasets imported beside the live study: checked whole before anything is stored.</summary>
public sealed class ImportedDatasets(StudyDbContext db, WriteGate writeGate, TimeProvider time)
{
    public async Task<IReadOnlyList<DatasetView>> ListAsync(CancellationToken ct) =>
        await db.Datasets.AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new DatasetView(d.Name, d.Format, d.Participants, d.ImportedBy, d.ImportedUtc)).ToListAsync(ct);

    /// <summary>The dataset's records, or null when no dataset has this name.</summary>
    public async Task<IReadOnlyList<ParticipantRecord>?> RecordsAsync(string name, CancellationToken ct)
    {
        var d = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, ct);
        return d is null ? null : DatasetFiles.Read(d.Format, new StringReader(d.Content));
    }

    /// <summary>Imports a file under a new name; a problem (bad name, bad file with its line) is returned and nothing is stored.</summary>
    public async Task<string?> ImportAsync(string name, DatasetFormat format, string content, string researcher, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > ImportedDatasetLimits.NameMaxLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.'))
            return $"The name takes 1 to {ImportedDatasetLimits.NameMaxLength} letters, digits, spaces, dots, dashes or underscores.";
        if (name.Equals(LiveName, StringComparison.OrdinalIgnoreCase)) return $"\"{LiveName}\" is the live study's name; choose another.";
        if (await db.Datasets.AnyAsync(d => d.Name == name, ct)) return $"A dataset named \"{name}\" exists already.";
        IReadOnlyList<ParticipantRecord> records;
        try { records = DatasetFiles.Read(format, new StringReader(content)); }
        catch (DatasetFormatException e) { return $"Not imported: {e.Message}"; }
        if (records.Count == 0) return "Not imported: the file has a header but no participants.";
        db.Datasets.Add(new ImportedDataset
        {
            Name = name,
            Format = format,
            Content = content,
            Participants = records.Count,
            ImportedBy = researcher,
            ImportedUtc = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return $"A dataset named \"{name}\" exists already."; // imported by someone else a moment ago (unique name)
        }
        finally { db.ChangeTracker.Clear(); }
        return null;
    }

    /// <summary>Deletes the dataset of this name (the live study is never one); false when there is none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        using (await writeGate.EnterAsync(ct))
            return await db.Datasets.Where(d => d.Name == name).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>What the analysis page and `analyze` call the study's own database.</summary>
    public const string LiveName = "live";
}
