namespace ExpO.Shared.Study;

/// <summary>The protocol constants (docs/study-protocol.md); every one a researcher can change in configuration.</summary>
public sealed record StudySettings
{
    /// <summary>Target = start prediction + this, in standardized target units (1.0 ~ one SD of MEDV).</summary>
    public double TargetOffset { get; init; } = 1.0;
    /// <summary>A condition is done when |prediction - target| &lt; Tolerance.</summary>
    public double Tolerance { get; init; } = 0.1;
    /// <summary>One click moves one feature by this many standardized units.</summary>
    public double StepSize { get; init; } = 1.0;
    public int Rounds { get; init; } = 5;
    public int LimeSamples { get; init; } = 1000;
}
