using ExpO.Shared.Study;

namespace ExpO.Server.Analysis;

/// <summary>
/// One finished participant as the analysis reads them, whichever source they came from (the study database, the
/// original study's published file, a CSV export): the order, the steps of each round on each side, the answers.
/// </summary>
public sealed record ParticipantRecord(
    string Id,
    bool ExpoFirst,
    IReadOnlyList<int> StepsA,
    IReadOnlyList<int> StepsB,
    Preference Useful,
    Preference Expectation,
    IReadOnlyList<Preference> UsefulRounds,
    IReadOnlyList<Preference> ExpectationRounds,
    string UsefulWhy,
    string ExpectationWhy,
    string Comments,
    bool Simulated = false)
{
    /// <summary>Why a researcher left this participant out (a pilot, a test run); null: not excluded.</summary>
    public string? ExcludedBecause { get; init; }

    /// <summary>
    /// Where a published file's row has lists of different lengths, its line and what differs (analysed by the rule in
    /// docs/study-protocol.md, "Irregular rows"); null for a regular row.
    /// </summary>
    public string? Irregularity { get; init; }

    /// <summary>Rounds this participant has on both sides (all of them, in a regular row).</summary>
    public int PairedRounds => Math.Min(StepsA.Count, StepsB.Count);

    /// <summary>The settings version they entered under, where known (the live study; a participants export).</summary>
    public long? SettingsVersion { get; init; }

    /// <summary>Steps per round on the ExpO model (Condition A when ExpO came first).</summary>
    public IReadOnlyList<int> StepsExpo => ExpoFirst ? StepsA : StepsB;
    public IReadOnlyList<int> StepsNone => ExpoFirst ? StepsB : StepsA;

    /// <summary>Which model an A/B answer chose, through this participant's order.</summary>
    public ModelChoice Chose(Preference answer) => Choice(ExpoFirst, answer);

    /// <summary>Which model an A/B answer chose, for a participant whose Condition A was ExpO (or not).</summary>
    public static ModelChoice Choice(bool expoFirst, Preference answer) => answer switch
    {
        Preference.Same => ModelChoice.NoPreference,
        Preference.A => expoFirst ? ModelChoice.Expo : ModelChoice.None,
        _ => expoFirst ? ModelChoice.None : ModelChoice.Expo,
    };
}

/// <summary>An answer translated from the participant's sides to the models behind them.</summary>
public enum ModelChoice { Expo = 1, None = 2, NoPreference = 3 }
