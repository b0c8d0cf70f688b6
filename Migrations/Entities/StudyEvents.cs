using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>
/// A platform worker turned away because they took part before (the dashboard warns while this happens). Only the
/// keyed hash of their id is kept, as for participants, so the dashboard counts people rather than page loads.
/// </summary>
public sealed class RepeatRefusal
{
    public long Id { get; set; }
    /// <summary>The study that turned them away.</summary>
    public long StudyDefinitionId { get; set; } = StudyDefinition.DefaultId;
    public RecruitmentSource Source { get; set; }
    public required string ExternalIdHash { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>A download of the study's data: which file, by whom, when (the dashboard warns when settings changed since).</summary>
public sealed class DataExport
{
    public long Id { get; set; }
    /// <summary>The study whose data were downloaded.</summary>
    public long StudyDefinitionId { get; set; } = StudyDefinition.DefaultId;
    public required string File { get; set; }
    public required string Researcher { get; set; }
    public DateTime AtUtc { get; set; }
}
