using ExpO.Shared.Study;

namespace ExpO.Server.Study.Settings;

/// <summary>
/// What makes a set of study settings runnable: checked once for the configuration at start and again for every
/// save on the settings page, with the setting's name as each place calls it.
/// </summary>
public static class StudySettingsRules
{
    /// <summary>Long enough for a real consent form (the default is ~600 characters), short enough for one page.</summary>
    public const int ConsentMaxLength = 10_000;
    public const int CompletionCodeMaxLength = 100;

    /// <summary>A setting as the settings page labels it, for its messages ("Target change", not "TargetOffset").</summary>
    public static string PageLabel(string name) => name switch
    {
        nameof(StudySettings.TargetOffset) => "Target change",
        nameof(StudySettings.StepSize) => "Step size",
        nameof(StudySettings.LimeSamples) => "Explanation samples",
        "ConsentText" => "Consent text",
        "ProlificCompletionCode" => "Prolific completion code",
        _ => name,
    };

    /// <param name="startPoints">How many start points the loaded bundles carry.</param>
    /// <param name="name">How the caller names a setting, e.g. "Study:Settings:Rounds" or "Rounds".</param>
    public static List<string> Problems(StudySettings s, string consentText, string prolificCode, int startPoints, Func<string, string> name)
    {
        var errors = new List<string>();
        if (s.Rounds < 1) errors.Add($"{name("Rounds")} must be at least 1.");
        // Every round needs its own start point, and the last one is kept for the practice round.
        else if (startPoints - 1 < s.Rounds)
            errors.Add($"{name("Rounds")} is {s.Rounds}, but the bundles carry only {startPoints} start points " +
                "(one is kept for practice); lower the rounds or export more start points.");
        if (!(s.Tolerance > 0) || !double.IsFinite(s.Tolerance)) errors.Add($"{name("Tolerance")} must be a positive number.");
        if (!(s.StepSize > 0) || !double.IsFinite(s.StepSize)) errors.Add($"{name("StepSize")} must be a positive number.");
        if (!double.IsFinite(s.TargetOffset) || Math.Abs(s.TargetOffset) <= s.Tolerance)
            errors.Add($"{name("TargetOffset")} must be a finite number larger than the tolerance, or every start would already be done.");
        // LIME fits 11 coefficients and an intercept; far fewer samples than that gives no explanation at all.
        if (s.LimeSamples < 50) errors.Add($"{name("LimeSamples")} must be at least 50.");
        if (string.IsNullOrWhiteSpace(consentText)) errors.Add($"{name("ConsentText")} must not be empty: participants consent to it.");
        else if (consentText.Length > ConsentMaxLength) errors.Add($"{name("ConsentText")} is longer than {ConsentMaxLength} characters.");
        // The code goes into Prolific's completion URL; Prolific's own codes are letters and digits.
        if (prolificCode.Length > CompletionCodeMaxLength || !prolificCode.All(char.IsAsciiLetterOrDigit))
            errors.Add($"{name("ProlificCompletionCode")} takes letters and digits only (at most {CompletionCodeMaxLength}).");
        return errors;
    }
}
