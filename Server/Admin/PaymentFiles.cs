using System.Globalization;
using CsvHelper;

namespace ExpO.Server.Admin;

/// <summary>
/// The review as files to download: our decisions, one row per submission; and for MTurk the batch file itself with
/// its Approve ("x") and Reject (the reason) columns filled, ready to upload back. Made per request, never stored.
/// </summary>
public static class PaymentFiles
{
    public static readonly string[] DecisionColumns =
    [
        "platform", "submission_id", "worker_id", "participant", "stage", "rounds_done", "rounds", "minutes", "expected_code",
        "entered_code", "platform_status", "flags", "decision", "reason",
    ];

    public static string Decisions(PlatformFile file, IReadOnlyList<PaymentRow> rows) => Write(csv =>
    {
        foreach (var c in DecisionColumns) csv.WriteField(c);
        csv.NextRecord();
        foreach (var r in rows)
        {
            foreach (var v in new[]
            {
                file.Platform.ToString().ToLowerInvariant(), r.Submission.SubmissionId, r.Submission.WorkerId, r.Participant ?? "",
                r.Stage?.ToString() ?? "", r.RoundsDone.ToString(CultureInfo.InvariantCulture), r.Rounds.ToString(CultureInfo.InvariantCulture),
                r.Minutes?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", r.ExpectedCode ?? "", r.Submission.EnteredCode ?? "",
                r.Submission.Status ?? "", string.Join("; ", r.Flags), Name(r.Decision), r.Reason,
            }) csv.WriteField(v);
            csv.NextRecord();
        }
    });

    /// <summary>MTurk's batch results as uploaded, Approve and Reject filled by the decisions (review: both left empty).</summary>
    public static string MturkBatch(PlatformFile file, IReadOnlyList<PaymentRow> rows)
    {
        var header = file.Header.ToList();
        foreach (var c in new[] { "Approve", "Reject" }) if (!header.Contains(c)) header.Add(c);
        int approve = header.IndexOf("Approve"), reject = header.IndexOf("Reject"), assignment = header.IndexOf("AssignmentId");
        var byAssignment = rows.Where(r => r.Submission.SubmissionId.Length > 0).ToDictionary(r => r.Submission.SubmissionId);
        return Write(csv =>
        {
            foreach (var c in header) csv.WriteField(c);
            csv.NextRecord();
            foreach (var original in file.Rows)
            {
                var row = original.Concat(Enumerable.Repeat("", header.Count - original.Length)).ToArray();
                if (byAssignment.GetValueOrDefault(row[assignment].Trim()) is { } r)
                {
                    row[approve] = r.Decision == PaymentDecision.Approve ? "x" : "";
                    row[reject] = r.Decision == PaymentDecision.Reject ? r.WorkerMessage : "";
                }
                foreach (var v in row) csv.WriteField(v);
                csv.NextRecord();
            }
        });
    }

    public static string Name(PaymentDecision d) => d.ToString().ToLowerInvariant();

    static string Write(Action<CsvWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture)) write(csv);
        return text.ToString();
    }
}
