using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>The live state of one side of a round; StepLog rows record how it got there.</summary>
public sealed class ConditionState
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public Round? Round { get; set; }
    /// <summary>Stored as "A" or "B".</summary>
    public required Condition Slot { get; set; }
    public required string ModelName { get; set; }
    public required double[] Point { get; set; }
    public double StartPrediction { get; set; }
    public double Prediction { get; set; }
    public double Target { get; set; }
    public int Steps { get; set; }
    public bool Done { get; set; }
    public required StoredExplanation Explanation { get; set; }
    public double? LastChange { get; set; }
    public DateTime? FinishedUtc { get; set; }
}

/// <summary>An explanation as shown: coefficients per standardized unit, intercept, local R^2 and the LIME seed.</summary>
public sealed record StoredExplanation(double Intercept, double[] Coefficients, double Score, int Seed);
