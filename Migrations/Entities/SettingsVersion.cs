using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>Where a settings version came from.</summary>
public enum SettingsOrigin
{
    /// <summary>The server's configuration (the "Study" section), at the first start or after it changed.</summary>
    Configuration,
    /// <summary>A researcher saved it on the settings page.</summary>
    SettingsPage,
    /// <summary>Copied from the default study's settings when a new study was created.</summary>
    NewStudy,
}

/// <summary>
/// One saved version of the study's settings. Rows are never changed: a participant keeps the version they entered
/// under (<see cref="Participant.SettingsVersionId"/>), and the newest row is what new participants get.
/// </summary>
public sealed class SettingsVersion
{
    public long Id { get; set; }
    /// <summary>The study these settings are for; each study has its own versions.</summary>
    public long StudyDefinitionId { get; set; } = StudyDefinition.DefaultId;
    /// <summary>Rounds, target change, tolerance, step size (and the configured LIME samples, recorded as in force).</summary>
    public required StudySettings Protocol { get; set; }
    public required string ConsentText { get; set; }
    /// <summary>The Prolific study's completion code; empty: Prolific participants get a code of their own.</summary>
    public string ProlificCompletionCode { get; set; } = "";
    /// <summary>False: nobody new may enter; those who started go on.</summary>
    public bool Open { get; set; }
    public bool AllowRepeatParticipation { get; set; }
    public SettingsOrigin Origin { get; set; }
    /// <summary>The researcher who saved it (their sign-in name); null for the configuration.</summary>
    public string? SavedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
}
