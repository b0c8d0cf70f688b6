namespace ExpO.StudyData.Entities;

/// <summary>How an imported dataset's file is written.</summary>
public enum DatasetFormat
{
    /// <summary>The original study's published per-participant file (pipe-separated).</summary>
    Published,
    /// <summary>Our own participants export (participants.csv).</summary>
    ParticipantsCsv,
}

/// <summary>
/// A study's per-participant file imported under a name, analysed beside the live study. The file is kept as it was
/// uploaded (it was read whole without error first), so its analysis always starts from the original.
/// </summary>
public sealed class ImportedDataset
{
    public long Id { get; set; }
    /// <summary>Unique; what the analysis page and `analyze --dataset` call it.</summary>
    public required string Name { get; set; }
    public DatasetFormat Format { get; set; }
    public required string Content { get; set; }
    public int Participants { get; set; }
    public required string ImportedBy { get; set; }
    public DateTime ImportedUtc { get; set; }
}

/// <summary>Limits on an imported dataset, shared by the schema and the import's checks.</summary>
public static class ImportedDatasetLimits
{
    public const int NameMaxLength = 60;
    /// <summary>The original study's file is ~100 KB for a few hundred participants; 5 MB leaves room for far larger studies.</summary>
    public const int FileMaxBytes = 5 * 1024 * 1024;
}
