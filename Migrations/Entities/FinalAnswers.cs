using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>The end questionnaire: the two preferences for the whole study with their reasons, and comments.</summary>
public sealed class FinalAnswers
{
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    /// <summary>Coded 1 = A, -1 = B, 0 = no difference.</summary>
    public Preference Useful { get; set; }
    public required string UsefulWhy { get; set; }
    public Preference Expectation { get; set; }
    public required string ExpectationWhy { get; set; }
    public string? Comments { get; set; }
    public DateTime SubmittedUtc { get; set; }
}

/// <summary>
/// A named value every server instance shares. No key lives here any more: the participant key moved to its own file
/// (migration KeysOutsideDatabase), because a copy of the database must not be enough to resume anyone.
/// </summary>
public sealed class StudySecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
