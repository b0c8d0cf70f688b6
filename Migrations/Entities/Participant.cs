using ExpO.Shared.Study;

namespace ExpO.StudyData.Entities;

/// <summary>One person (or agent) taking the study. The token itself is never stored, only its hash.</summary>
public sealed class Participant
{
    public long Id { get; set; }
    /// <summary>SHA-256 of the participant's random token, for look-ups; a resume by platform link replaces it.</summary>
    public required string TokenHash { get; set; }
    /// <summary>The researchers' name for this participant (12 random hex digits), in exports, the dashboard and the MTurk results.</summary>
    public required string Pseudonym { get; set; }
    /// <summary>Stored as mturk | prolific | direct | agent.</summary>
    public required RecruitmentSource Source { get; set; }
    /// <summary>Keyed hash of the platform's worker / participant id; never the raw id.</summary>
    public string? ExternalIdHash { get; set; }
    /// <summary>Keyed hash of the MTurk assignmentId (it acts as the worker's secret on the HIT link); never the raw id.</summary>
    public string? AssignmentIdHash { get; set; }
    public string? HitId { get; set; }
    public string? TurkSubmitTo { get; set; }
    public string? StudyId { get; set; }
    /// <summary>Keyed hash of the Prolific SESSION_ID (the participant's secret on the study link); never the raw id.</summary>
    public string? SessionIdHash { get; set; }
    /// <summary>The client's id for the entry that created this participant (unique), so retried entries resume it.</summary>
    public Guid? ClientEntryId { get; set; }
    /// <summary>The study they take part in (<see cref="StudyDefinition"/>); the default study for rows from before studies.</summary>
    public long StudyDefinitionId { get; set; } = StudyDefinition.DefaultId;
    /// <summary>True when Condition A runs the study's treatment model (ExpO in the paper's study).</summary>
    public bool ExpoFirst { get; set; }
    public StudyStage Stage { get; set; }
    public int CurrentRound { get; set; }
    public required string CompletionCode { get; set; }
    /// <summary>The settings version in force when this participant entered; null for those who entered before versions existed.</summary>
    public long? SettingsVersionId { get; set; }
    /// <summary>
    /// The protocol this participant plays (rounds, target change, tolerance, step size), copied from their settings
    /// version at entry, so a later change on the settings page never changes a study under way.
    /// </summary>
    public StudySettings Settings { get; set; } = new();
    /// <summary>The Prolific completion code in force at entry; empty: they get <see cref="CompletionCode"/>.</summary>
    public string ProlificCompletionCode { get; set; } = "";
    /// <summary>How often their page was opened (the first time included): more than a few opens is a data-quality flag.</summary>
    public int PageOpens { get; set; }
    /// <summary>A simulated participant's lambda and seed (source agent only), so its run can be told apart and repeated.</summary>
    public double? AgentLambda { get; set; }
    public int? AgentSeed { get; set; }
    /// <summary>The device at entry: its class (from the window's size and input), window size and main input.</summary>
    public DeviceClass Device { get; set; }
    public int? ViewportWidth { get; set; }
    public int? ViewportHeight { get; set; }
    public InputKind Input { get; set; }
    /// <summary>Bumped by every change; two requests cannot both change the same participant from one state.</summary>
    public int Version { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ConsentedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public List<Round> Rounds { get; set; } = [];
    public FinalAnswers? FinalAnswers { get; set; }
}
