using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Study.Entry;

/// <summary>
/// A recruitment link's parameters, as MTurk and Prolific append them, read into an entry request. The entry page
/// reads them from its URL and carries them in its form, so both are read here by the same names.
/// </summary>
public static class EntryLink
{
    /// <summary>What MTurk sends as assignmentId while a worker only previews the HIT.</summary>
    public const string PreviewAssignment = "ASSIGNMENT_ID_NOT_AVAILABLE";
    /// <summary>The form field that carries the page's entry id, so a second press resumes the first.</summary>
    public const string EntryIdField = "entryId";

    // MTurk's and Prolific's own parameter names.
    static readonly string[] MturkFields = ["assignmentId", "hitId", "workerId", "turkSubmitTo"];
    static readonly string[] ProlificFields = ["PROLIFIC_PID", "STUDY_ID", "SESSION_ID"];

    /// <summary>
    /// The message for a link that gives a platform parameter more than once, or null when none is repeated. Which
    /// value is meant cannot be known, and reading it as missing once turned an MTurk worker into a direct participant
    /// who ended without a Submit HIT (unpaid work); so such a link is refused whole, before anything is stored.
    /// </summary>
    public static string? RepeatedParameter(Func<string, int> count)
    {
        if (MturkFields.FirstOrDefault(n => count(n) > 1) is { } mturk) return Repeated(mturk, "MTurk");
        if (ProlificFields.FirstOrDefault(n => count(n) > 1) is { } prolific) return Repeated(prolific, "Prolific");
        return null;
    }

    public static string? RepeatedParameter(IQueryCollection query) => RepeatedParameter(name => query[name].Count);
    public static string? RepeatedParameter(IFormCollection form) => RepeatedParameter(name => form[name].Count);

    static string Repeated(string name, string platform) =>
        $"This study link gives {name} more than once, so we cannot tell which {platform} task it belongs to. Nothing has been " +
        $"stored. Please open the study again from its page on {platform}; if this message comes back, please contact the researchers.";

    /// <summary>The request a link or form describes: MTurk if it has an assignmentId, Prolific if a PROLIFIC_PID, else direct.</summary>
    public static EntryRequest Read(Func<string, string?> field)
    {
        Guid? entryId = Guid.TryParse(field(EntryIdField), out var id) ? id : null;
        var device = Device(field);
        if (field("assignmentId") is { } assignment)
            return new EntryRequest
            {
                Source = RecruitmentSource.Mturk,
                AssignmentId = assignment,
                HitId = field("hitId"),
                WorkerId = field("workerId"),
                TurkSubmitTo = field("turkSubmitTo"),
                ClientEntryId = entryId,
            }.WithDevice(device);
        if (field("PROLIFIC_PID") is { } pid)
            return new EntryRequest
            {
                Source = RecruitmentSource.Prolific,
                ProlificPid = pid,
                StudyId = field("STUDY_ID"),
                SessionId = field("SESSION_ID"),
                ClientEntryId = entryId,
            }.WithDevice(device);
        return new EntryRequest { Source = RecruitmentSource.Direct, ClientEntryId = entryId }.WithDevice(device);
    }

    /// <summary>
    /// The window's size and input the form's script adds (wwwroot/entry.js). A value that is not one is read as
    /// unknown, never refused: a participant must not be turned away for what their browser reported.
    /// </summary>
    static (int? Width, int? Height, InputKind? Input) Device(Func<string, string?> field)
    {
        static int? Pixels(string? text) => int.TryParse(text, out var v) && v is > 0 and <= EntryDevice.MaxPixels ? v : null;
        InputKind? input = field("input") switch { "touch" => InputKind.Touch, "mouse" => InputKind.Mouse, _ => null };
        return (Pixels(field("viewportWidth")), Pixels(field("viewportHeight")), input);
    }

    static EntryRequest WithDevice(this EntryRequest r, (int? Width, int? Height, InputKind? Input) d) =>
        r with { ViewportWidth = d.Width, ViewportHeight = d.Height, Input = d.Input };

    public static EntryRequest Read(IQueryCollection query) => Read(name => Single(query[name]));
    public static EntryRequest Read(IFormCollection form) => Read(name => Single(form[name]));

    public static bool IsPreview(EntryRequest r) => r.Source == RecruitmentSource.Mturk && r.AssignmentId == PreviewAssignment;

    /// <summary>The fields the entry form carries back: the link's own parameters and the entry id.</summary>
    public static IEnumerable<(string Name, string Value)> FormFields(EntryRequest r)
    {
        string?[] values = r.Source switch
        {
            RecruitmentSource.Mturk => [r.AssignmentId, r.HitId, r.WorkerId, r.TurkSubmitTo],
            RecruitmentSource.Prolific => [r.ProlificPid, r.StudyId, r.SessionId],
            _ => [],
        };
        var names = r.Source == RecruitmentSource.Mturk ? MturkFields : ProlificFields;
        for (int i = 0; i < values.Length; i++)
            if (values[i] is { } v) yield return (names[i], v);
        if (r.ClientEntryId is { } id) yield return (EntryIdField, id.ToString());
    }

    // A parameter given twice is not one the platforms send: read it as missing rather than guess which is meant.
    static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;
}
