using ExpO.StudyData.Entities;

namespace ExpO.Server.Analysis;

/// <summary>Reads a per-participant file of either format: the one reader behind `analyze --input` and the import.</summary>
public static class DatasetFiles
{
    /// <summary>All records, or a <see cref="DatasetFormatException"/> naming the first bad line (nothing half-read).</summary>
    public static IReadOnlyList<ParticipantRecord> Read(DatasetFormat format, TextReader text) => format switch
    {
        DatasetFormat.ParticipantsCsv => ParticipantsCsv.Read(text),
        _ => PublishedFormat.Read(text),
    };

    /// <summary>The command line's and the form's name of a format.</summary>
    public static DatasetFormat? Parse(string? name) => name switch
    {
        "published" => DatasetFormat.Published,
        "csv" => DatasetFormat.ParticipantsCsv,
        _ => null,
    };
}
