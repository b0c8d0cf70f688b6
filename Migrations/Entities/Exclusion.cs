namespace ExpO.StudyData.Entities;

/// <summary>
/// A researcher's decision to leave a participant out of the analysis (a pilot, a test run), or to take them back in.
/// Rows are only ever added: the latest per participant is in force, and the rest say who decided what, and when.
/// </summary>
public sealed class Exclusion
{
    public long Id { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    /// <summary>True: left out from now on; false: taken back in.</summary>
    public bool Excluded { get; set; }
    public required string Reason { get; set; }
    /// <summary>The signed-in researcher's e-mail.</summary>
    public required string Researcher { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>Limits of a researcher's exclusion.</summary>
public static class ExclusionLimits
{
    /// <summary>A sentence or two ("pilot run by the team", "said in the comments they did not read the task").</summary>
    public const int ReasonMaxLength = 500;
}
