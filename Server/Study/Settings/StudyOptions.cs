using ExpO.Server.Studies;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Settings;

/// <summary>
/// The "Study" configuration section: texts and platform details (the models are <see cref="Models.ModelOptions"/>).
/// Settings, ConsentText, AllowRepeatParticipation and ProlificCompletionCode are the first settings version's
/// (<see cref="StudySettingsStore"/>); the settings page changes them from there.
/// </summary>
public sealed class StudyOptions
{
    public const string Section = "Study";

    public string Title { get; set; } = "Help a computer model price a house";
    public string ConsentText { get; set; } = "";
    public string EstimatedMinutes { get; set; } = "15-20";
    public StudySettings Settings { get; set; } = new();
    /// <summary>Let a worker who already took part start again (off for real studies).</summary>
    public bool AllowRepeatParticipation { get; set; }
    public string ProlificCompletionCode { get; set; } = "";
    public string ProlificCompletionUrl { get; set; } = "https://app.prolific.com/submissions/complete?cc=";
    /// <summary>Where MTurk may tell us to submit (empty: <see cref="MturkSubmitOrigins"/>); any other turkSubmitTo is refused.</summary>
    public List<string> MturkSubmitHosts { get; set; } = [];
    /// <summary>Origins allowed to show participant pages in a frame (empty: <see cref="MturkFrameOrigins"/>).</summary>
    public List<string> FrameAncestors { get; set; } = [];
    /// <summary>
    /// The participant key file (relative to the content root unless rooted), kept outside the database and created
    /// on first start readable by the server's user only (<see cref="Keys.ParticipantKeyFile"/>).
    /// </summary>
    public string KeyPath { get; set; } = "../keys/participant.key";

    /// <summary>The key file's full path: <see cref="KeyPath"/> under the content root unless rooted.</summary>
    public string KeyFullPath(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, KeyPath));

    /// <summary>
    /// What MTurk hands a HIT as turkSubmitTo: the live site and the sandbox (AWS, "How Mechanical Turk tasks are
    /// rendered": turkSubmitTo=https://www.mturk.com/; the sandbox submits to https://workersandbox.mturk.com).
    /// </summary>
    public static readonly IReadOnlyList<string> MturkSubmitOrigins = ["https://www.mturk.com", "https://workersandbox.mturk.com"];

    /// <summary>
    /// Who frames a HIT: workers now work on worker.mturk.com (the sandbox on workersandbox.mturk.com), which shows
    /// the ExternalQuestion in an iframe; www.mturk.com stays for the classic pages.
    /// </summary>
    public static readonly IReadOnlyList<string> MturkFrameOrigins = ["https://worker.mturk.com", "https://www.mturk.com", "https://workersandbox.mturk.com"];

    /// <summary>What a study's entry and consent pages show before anyone has a token (the API's /study), under its current settings.</summary>
    public StudyInfo PublicInfo(StudyRuntime study, StudySettingsView current) =>
        new(study.Title, current.ConsentText, current.Protocol.Rounds, study.Dimensions, EstimatedMinutes, study.Name, study.Quantity);

    // The defaults are applied here, not as list initializers: the configuration binder appends configured items to
    // an initialized list, so a researcher could add origins but never replace MTurk's.
    public IReadOnlyList<string> SubmitHostsOrDefault() => MturkSubmitHosts.Count > 0 ? MturkSubmitHosts : MturkSubmitOrigins;
    public IReadOnlyList<string> FrameAncestorsOrDefault() => FrameAncestors.Count > 0 ? FrameAncestors : MturkFrameOrigins;
}

/// <summary>Checks the study's configuration once at start-up, so a wrong setting stops the server with its name.</summary>
public sealed class StudyOptionsValidator(Models.ModelCatalog catalog) : IValidateOptions<StudyOptions>
{
    public ValidateOptionsResult Validate(string? name, StudyOptions o)
    {
        var errors = StudySettingsRules.Problems(o.Settings, o.ConsentText, o.ProlificCompletionCode, catalog.StartPoints.Count,
            n => n is "ConsentText" or "ProlificCompletionCode" ? $"Study:{n}" : $"Study:Settings:{n}");
        if (string.IsNullOrWhiteSpace(o.Title)) errors.Add("Study:Title must not be empty.");
        if (string.IsNullOrWhiteSpace(o.KeyPath)) errors.Add("Study:KeyPath must name the participant key file.");
        foreach (var origin in o.MturkSubmitHosts.Concat(o.FrameAncestors))
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps)
                errors.Add($"Study:MturkSubmitHosts and Study:FrameAncestors take https origins; '{origin}' is not one.");
        if (!Uri.TryCreate(o.ProlificCompletionUrl, UriKind.Absolute, out _)) errors.Add("Study:ProlificCompletionUrl must be an absolute URL.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
