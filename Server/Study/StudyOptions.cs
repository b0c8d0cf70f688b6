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
    /// <summary>Where MTurk may tell us to submit: anything else in turkSubmitTo is refused.</summary>
    public List<string> MturkSubmitHosts { get; set; } = ["https://www.mturk.com", "https://workersandbox.mturk.com"];
    /// <summary>Origins allowed to show participant pages in a frame (MTurk's ExternalQuestion iframe).</summary>
    public List<string> FrameAncestors { get; set; } = ["https://www.mturk.com", "https://workersandbox.mturk.com"];
}
