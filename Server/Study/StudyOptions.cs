using ExpO.Shared.Study;

namespace ExpO.Server.Study;

/// <summary>The "Study" configuration section: protocol settings, texts and platform details.</summary>
public sealed class StudyOptions
{
    public const string Section = "Study";

    public string Title { get; set; } = "Help a computer model price a house";
    public string ConsentText { get; set; } = "";
    public string EstimatedMinutes { get; set; } = "15-20";
    public string ModelsPath { get; set; } = "models";
    /// <summary>Bundle names of the normally trained and the ExpO-regularized model.</summary>
    public string NoneModel { get; set; } = "none";
    public string ExpoModel { get; set; } = "expo";
    public StudySettings Settings { get; set; } = new();
    /// <summary>Let a worker who already took part start again (off for real studies).</summary>
    public bool AllowRepeatParticipation { get; set; }
    public string ProlificCompletionCode { get; set; } = "";
    public string ProlificCompletionUrl { get; set; } = "https://app.prolific.com/submissions/complete?cc=";
    /// <summary>Where MTurk may tell us to submit (empty: <see cref="MturkOrigins"/>); any other turkSubmitTo is refused.</summary>
    public List<string> MturkSubmitHosts { get; set; } = [];
    /// <summary>Origins allowed to show participant pages in a frame (empty: <see cref="MturkOrigins"/>).</summary>
    public List<string> FrameAncestors { get; set; } = [];

    /// <summary>MTurk's live and sandbox origins: where a HIT submits and what frames it.</summary>
    public static readonly IReadOnlyList<string> MturkOrigins = ["https://www.mturk.com", "https://workersandbox.mturk.com"];

    // The defaults are applied here, not as list initializers: the configuration binder appends configured items to
    // an initialized list, so a researcher could add origins but never replace MTurk's.
    public IReadOnlyList<string> SubmitHostsOrDefault() => MturkSubmitHosts.Count > 0 ? MturkSubmitHosts : MturkOrigins;
    public IReadOnlyList<string> FrameAncestorsOrDefault() => FrameAncestors.Count > 0 ? FrameAncestors : MturkOrigins;
}
