using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>One recorded round: a start point shared by both conditions, and the two answers given after it.</summary>
public sealed class Round
{
    public long Id { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public int Number { get; set; }
    public int StartPointIndex { get; set; }
    public required double[] StartPoint { get; set; }
    public DateTime? FinishedUtc { get; set; }
    /// <summary>Coded 1 = A, -1 = B, 0 = no difference.</summary>
    public Preference? Useful { get; set; }
    public Preference? Expectation { get; set; }
    public DateTime? AnsweredUtc { get; set; }
    public List<ConditionState> Conditions { get; set; } = [];
}
