using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>One click, exactly as it happened: what was shown, what was asked, what the model did.</summary>
public sealed class StepLog
{
    public long Id { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public int Round { get; set; }
    /// <summary>Stored as "A" or "B".</summary>
    public required Condition Condition { get; set; }
    public required string ModelName { get; set; }
    /// <summary>1-based count of this step within its condition.</summary>
    public int StepNumber { get; set; }
    /// <summary>1..11, as the participant saw it ("Item 3").</summary>
    public int Item { get; set; }
    /// <summary>Stored as +1 for "+", -1 for "-".</summary>
    public Direction Direction { get; set; }
    /// <summary>Sign of the hidden coefficient that turned the click into a move.</summary>
    public int CoefficientSign { get; set; }
    public required double[] PointBefore { get; set; }
    public required double[] PointAfter { get; set; }
    public double PredictionBefore { get; set; }
    public double PredictionAfter { get; set; }
    /// <summary>The explanation on screen when the participant clicked.</summary>
    public required StoredExplanation ExplanationShown { get; set; }
    /// <summary>The explanation computed at the new point (shown next).</summary>
    public required StoredExplanation ExplanationAfter { get; set; }
    public bool Done { get; set; }
    /// <summary>This step finished its round (the other side was already done), so a replay can say so.</summary>
    public bool FinishedRound { get; set; }
    public Guid ClientStepId { get; set; }
    public DateTime? ClientTimeUtc { get; set; }
    public DateTime ServerTimeUtc { get; set; }
}
