using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ExpO.Shared.Study;

namespace ExpO.Server.Admin;

/// <summary>One submission as the platform lists it. Raw ids live only here, in memory, for the length of a request.</summary>
public sealed record PlatformSubmission(int Line, string SubmissionId, string WorkerId, string? EnteredCode, string? Status);

/// <summary>A platform's own file, read: which platform, its header and rows as they were (to write back), and the submissions.</summary>
public sealed record PlatformFile(RecruitmentSource Platform, string[] Header, IReadOnlyList<string[]> Rows, IReadOnlyList<PlatformSubmission> Submissions);

/// <summary>A platform file that cannot be read, with the reason in words.</summary>
public sealed class PlatformFileException(string message) : Exception(message);

/// <summary>
/// Reads MTurk's batch results CSV (HITId, AssignmentId, WorkerId, AssignmentStatus, ..., Answer.completionCode,
/// Approve, Reject) or Prolific's submissions export (Submission id, Participant id, Status, ..., Completion code; or
/// its older snake_case columns), telling them apart by their columns.
/// </summary>
public static class PlatformFileReader
{
    /// <summary>A batch of thousands of assignments is well under a megabyte; more is not a platform file.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    static readonly string[] ProlificSubmission = ["Submission id", "Submission ID", "session_id"];
    static readonly string[] ProlificParticipant = ["Participant id", "Participant ID", "participant_id"];
    static readonly string[] ProlificCode = ["Completion code", "entered_code"];
    static readonly string[] ProlificStatus = ["Status", "status"];

    public static PlatformFile Read(TextReader text)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader())
            throw new PlatformFileException("The file is empty. Upload MTurk's batch results CSV or Prolific's submissions export.");
        var header = csv.HeaderRecord!;
        int Column(params string[] names) => names.Select(n => Array.IndexOf(header, n)).FirstOrDefault(i => i >= 0, -1);
        var (platform, submission, worker, code, status) =
            Column("AssignmentId") is >= 0 and var a && Column("WorkerId") is >= 0 and var w
                ? (RecruitmentSource.Mturk, a, w, Column("Answer.completionCode"), Column("AssignmentStatus"))
                : Column(ProlificParticipant) is >= 0 and var p
                    ? (RecruitmentSource.Prolific, Column(ProlificSubmission), p, Column(ProlificCode), Column(ProlificStatus))
                    : throw new PlatformFileException("This is neither MTurk's batch results (it has no AssignmentId and WorkerId columns) " +
                        "nor Prolific's submissions export (it has no \"Participant id\" column).");
        var rows = new List<string[]>();
        var submissions = new List<PlatformSubmission>();
        while (csv.Read())
        {
            var row = Enumerable.Range(0, header.Length).Select(i => csv.TryGetField<string>(i, out var v) ? v ?? "" : "").ToArray();
            rows.Add(row);
            string? Cell(int i) => i >= 0 && row[i].Trim() is { Length: > 0 } v ? v : null;
            if (Cell(worker) is not { } id) continue; // a blank line or a row with no worker: nothing to decide
            submissions.Add(new PlatformSubmission(csv.Parser.RawRow, Cell(submission) ?? "", id, Cell(code), Cell(status)));
        }
        return new PlatformFile(platform, header, rows, submissions);
    }
}
