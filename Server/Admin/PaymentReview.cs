using ExpO.Server.Study.Keys;
using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>What to do with a submission on the platform.</summary>
public enum PaymentDecision { Approve = 1, Review = 2, Reject = 3 }

/// <summary>One submission joined to our row: who they are here, how far they got, the code they should have, and what to do.</summary>
public sealed record PaymentRow(
    PlatformSubmission Submission, string? Participant, StudyStage? Stage, int RoundsDone, int Rounds, double? Minutes,
    string? ExpectedCode, IReadOnlyList<string> Flags, PaymentDecision Decision, string Reason)
{
    /// <summary>What a rejected worker may read on the platform: the reason, without codes, pseudonyms or flags.</summary>
    public string WorkerMessage { get; init; } = "";
}

/// <summary>
/// Joins a platform's submissions to the study's participants through the keyed hashes (the raw ids are hashed here
/// and never stored), and suggests a decision: approve; review when flagged or excluded; reject when they never
/// entered, did not finish, or entered a wrong code.
/// </summary>
public sealed class PaymentReview(StudyDbContext db, ParticipantKeys keys, ParticipantsTable table)
{
    /// <summary>The platform file's submissions matched to one study's participants (a file is one study's on the platform too).</summary>
    public async Task<IReadOnlyList<PaymentRow>> ReviewAsync(long study, PlatformFile file, CancellationToken ct)
    {
        string platform = file.Platform.ToString().ToLowerInvariant();
        var people = await db.Participants.AsNoTracking().Where(p => p.StudyDefinitionId == study && p.Source == file.Platform)
            .Select(p => new
            {
                p.Id,
                p.Pseudonym,
                p.ExternalIdHash,
                Visit = file.Platform == RecruitmentSource.Mturk ? p.AssignmentIdHash : p.SessionIdHash,
                p.CompletionCode,
                p.ProlificCompletionCode,
            })
            .ToListAsync(ct);
        var rows = (await table.RowsAsync(study, ct)).ToDictionary(r => r.Id);
        return file.Submissions.Select(s =>
        {
            var visit = s.SubmissionId.Length > 0 ? keys.VisitHash(platform, s.SubmissionId) : null;
            var worker = keys.ExternalIdHash(platform, s.WorkerId);
            // This very assignment or session first; else the worker's latest participation.
            var p = people.FirstOrDefault(x => visit is not null && x.Visit == visit) ?? people.LastOrDefault(x => x.ExternalIdHash == worker);
            if (p is null)
                return new PaymentRow(s, null, null, 0, 0, null, null, [], PaymentDecision.Reject, "never entered the study")
                { WorkerMessage = "We have no record of this submission in the study." };
            var row = rows[p.Pseudonym];
            string expected = file.Platform == RecruitmentSource.Prolific && p.ProlificCompletionCode.Length > 0 ? p.ProlificCompletionCode : p.CompletionCode;
            var flags = row.Exclusion is { } x ? row.Flags.Append($"excluded by a researcher: {x.Reason}").ToList() : row.Flags;
            var (decision, reason, message) = Decide(row, s, expected, flags);
            return new PaymentRow(s, p.Pseudonym, row.Stage, row.RoundsFinished, row.TotalRounds, row.Minutes, expected, flags, decision, reason)
            { WorkerMessage = message };
        }).ToList();
    }

    static (PaymentDecision, string Reason, string WorkerMessage) Decide(ParticipantRow row, PlatformSubmission s, string expected, IReadOnlyList<string> flags)
    {
        if (!row.Finished)
            return (PaymentDecision.Reject, $"did not finish (stopped at {row.Stage}, {row.RoundsFinished} of {row.TotalRounds} rounds)",
                $"The study was not finished ({row.RoundsFinished} of {row.TotalRounds} rounds done).");
        if (s.EnteredCode is { } entered && !string.Equals(entered.Trim(), expected, StringComparison.OrdinalIgnoreCase))
            return (PaymentDecision.Reject, $"wrong completion code (entered \"{entered.Trim()}\", theirs is {expected})",
                "The completion code does not match the one the study showed at its end.");
        if (flags.Count > 0) return (PaymentDecision.Review, "flagged: " + string.Join("; ", flags), "");
        return (PaymentDecision.Approve, "finished every round", "");
    }
}
