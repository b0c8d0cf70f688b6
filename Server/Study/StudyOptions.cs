using ExpO.Shared.Contracts;
using ExpO.Shared.Study;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study;

/// <summary>The "Study" configuration section: protocol settings, texts and platform details (the models are <see cref="Models.ModelOptions"/>).</summary>
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
    /// What MTurk hands a HIT as turkSubmitTo: the live site and the sandbox (AWS, "How Mechanical Turk tasks are
    /// rendered": turkSubmitTo=https://www.mturk.com/; the sandbox submits to https://workersandbox.mturk.com).
    /// </summary>
    public static readonly IReadOnlyList<string> MturkSubmitOrigins = ["https://www.mturk.com", "https://workersandbox.mturk.com"];

    /// <summary>
    /// Who frames a HIT: workers now work on worker.mturk.com (the sandbox on workersandbox.mturk.com), which shows
    /// the ExternalQuestion in an iframe; www.mturk.com stays for the classic pages.
    /// </summary>
    public static readonly IReadOnlyList<string> MturkFrameOrigins = ["https://worker.mturk.com", "https://www.mturk.com", "https://workersandbox.mturk.com"];

    /// <summary>What the entry and consent pages show before anyone has a token (the API's /study and the first paint).</summary>
    public StudyInfo PublicInfo(int items) => new(Title, ConsentText, Settings.Rounds, items, EstimatedMinutes);

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
        var s = o.Settings;
        var errors = new List<string>();
        if (s.Rounds < 1) errors.Add("Study:Settings:Rounds must be at least 1.");
        // Every round needs its own start point, and the last one is kept for the practice round.
        else if (catalog.StartPoints.Count - 1 < s.Rounds)
            errors.Add($"Study:Settings:Rounds is {s.Rounds}, but the bundles carry only {catalog.StartPoints.Count} start points " +
                "(one is kept for practice); lower Rounds or export more start points.");
        if (!(s.Tolerance > 0) || !double.IsFinite(s.Tolerance)) errors.Add("Study:Settings:Tolerance must be a positive number.");
        if (!(s.StepSize > 0) || !double.IsFinite(s.StepSize)) errors.Add("Study:Settings:StepSize must be a positive number.");
        if (!double.IsFinite(s.TargetOffset) || Math.Abs(s.TargetOffset) <= s.Tolerance)
            errors.Add("Study:Settings:TargetOffset must be a finite number larger than the tolerance, or every start would already be done.");
        // LIME fits 11 coefficients and an intercept; far fewer samples than that gives no explanation at all.
        if (s.LimeSamples < 50) errors.Add("Study:Settings:LimeSamples must be at least 50.");
        if (string.IsNullOrWhiteSpace(o.Title)) errors.Add("Study:Title must not be empty.");
        foreach (var origin in o.MturkSubmitHosts.Concat(o.FrameAncestors))
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps)
                errors.Add($"Study:MturkSubmitHosts and Study:FrameAncestors take https origins; '{origin}' is not one.");
        if (!Uri.TryCreate(o.ProlificCompletionUrl, UriKind.Absolute, out _)) errors.Add("Study:ProlificCompletionUrl must be an absolute URL.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
