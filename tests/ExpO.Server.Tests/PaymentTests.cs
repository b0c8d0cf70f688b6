using System.Net;
using System.Net.Http.Headers;
using ExpO.Server.Admin;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Tests;

/// <summary>
/// Issue 21: from a platform's own file to a decision per submission. The files use each platform's real column layout:
/// MTurk's batch results CSV (the requester's "Download CSV", with the HIT's Answer.* fields) and Prolific's submissions
/// export (the study page's "Download" as of 2024, and its older snake_case form).
/// </summary>
public sealed partial class AdminTests
{
    const string MturkHeader = "\"HITId\",\"HITTypeId\",\"Title\",\"Description\",\"Keywords\",\"Reward\",\"CreationTime\",\"MaxAssignments\"," +
        "\"RequesterAnnotation\",\"AssignmentDurationInSeconds\",\"AutoApprovalDelayInSeconds\",\"Expiration\",\"NumberOfSimilarHITs\"," +
        "\"LifetimeInSeconds\",\"AssignmentId\",\"WorkerId\",\"AssignmentStatus\",\"AcceptTime\",\"SubmitTime\",\"AutoApprovalTime\"," +
        "\"ApprovalTime\",\"RejectionTime\",\"RequesterFeedback\",\"WorkTimeInSeconds\",\"LifetimeApprovalRate\",\"Last30DaysApprovalRate\"," +
        "\"Last7DaysApprovalRate\",\"Answer.completionCode\",\"Answer.participantRef\",\"Answer.roundsDone\",\"Approve\",\"Reject\"";

    static string MturkRow(string assignment, string worker, string code) =>
        $"\"3HIT\",\"3TYPE\",\"Explanations study\",\"Predict house prices\",\"study\",\"$3.00\",\"Sun Dec 06 08:00:00 PST 2026\",\"9\",\"BatchId:1;\"," +
        $"\"3600\",\"259200\",\"Mon Dec 07 08:00:00 PST 2026\",\"\",\"\",\"{assignment}\",\"{worker}\",\"Submitted\",\"Sun Dec 06 08:01:00 PST 2026\"," +
        $"\"Sun Dec 06 08:20:00 PST 2026\",\"Wed Dec 09 08:20:00 PST 2026\",\"\",\"\",\"\",\"1140\",\"0% (0/0)\",\"0% (0/0)\",\"0% (0/0)\",\"{code}\",\"\",\"5\",\"\",\"\"";

    async Task<SimulatedParticipant> TurkAsync(string worker, string assignment, bool finish)
    {
        var p = new SimulatedParticipant(new StudyApiClient(_server.CreateClient(), 1), new ClosestChangePolicy(), worker.GetHashCode());
        await p.EnterAsync(new EntryRequest { Source = RecruitmentSource.Mturk, WorkerId = worker, AssignmentId = assignment, HitId = "3HIT", TurkSubmitTo = StudyServerFactory.TestTurkHost });
        if (finish) await p.PlayToEndAsync();
        else await p.ActAsync();
        return p;
    }

    /// <summary>A simulated participant finishes in seconds, which the "finished in under 5 minutes" flag would catch.</summary>
    static Task TookTwentyMinutesAsync(StudyData.StudyDbContext db) =>
        db.Participants.ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedUtc, p => p.CreatedUtc.AddMinutes(-20)));

    static MultipartFormDataContent Upload(string csv, string name = "batch.csv")
    {
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task An_mturk_batch_gets_a_decision_per_assignment_and_comes_back_ready_to_upload_with_no_worker_id_kept()
    {
        await TurkAsync("AWORKERDONE1", "ASSIGNDONE1", finish: true);
        await TurkAsync("AWORKERHALF2", "ASSIGNHALF2", finish: false);
        await TurkAsync("AWORKERFLAG4", "ASSIGNFLAG4", finish: true);
        await TurkAsync("AWORKERCODE5", "ASSIGNCODE5", finish: true);
        await using var db = _server.Db();
        // Flag the third: reopened the page 10 times (the flag's threshold is ParticipantsTable.ManyResumes = 5).
        await TookTwentyMinutesAsync(db);
        var byOrder = await db.Participants.OrderBy(p => p.Id).ToListAsync();
        await db.Participants.Where(p => p.Id == byOrder[2].Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.PageOpens, 11));
        string Code(int i) => byOrder[i].CompletionCode;
        var batch = string.Join("\n", MturkHeader, MturkRow("ASSIGNDONE1", "AWORKERDONE1", Code(0)), MturkRow("ASSIGNHALF2", "AWORKERHALF2", ""),
            MturkRow("ASSIGNNONE3", "AWORKERNONE3", "GUESS"), MturkRow("ASSIGNFLAG4", "AWORKERFLAG4", Code(2)), MturkRow("ASSIGNCODE5", "AWORKERCODE5", "WRONG1"));

        var browser = Browser();
        await SignInAsync(browser);
        var answer = await browser.PostAsync(AdminRoutes.Api + "/payments", Upload(batch));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType!.MediaType);
        var rows = Csv(await answer.Content.ReadAsStringAsync());
        string Decision(string worker) => rows.Single(r => r["worker_id"] == worker)["decision"];
        Assert.Equal(["approve", "reject", "reject", "review", "reject"],
            new[] { "AWORKERDONE1", "AWORKERHALF2", "AWORKERNONE3", "AWORKERFLAG4", "AWORKERCODE5" }.Select(Decision));
        var done = rows.Single(r => r["worker_id"] == "AWORKERDONE1");
        Assert.Equal((byOrder[0].Pseudonym, "Complete", Code(0)), (done["participant"], done["stage"], done["expected_code"]));
        Assert.Contains("did not finish", rows.Single(r => r["worker_id"] == "AWORKERHALF2")["reason"]);
        Assert.Equal("never entered the study", rows.Single(r => r["worker_id"] == "AWORKERNONE3")["reason"]);
        Assert.Contains("reopened the study page 10 times", rows.Single(r => r["worker_id"] == "AWORKERFLAG4")["reason"]);
        Assert.Contains("wrong completion code", rows.Single(r => r["worker_id"] == "AWORKERCODE5")["reason"]);

        // The batch file's own shape, Approve "x" / Reject with a reason a worker may read (no code given away).
        var shaped = await browser.PostAsync(AdminRoutes.Api + "/payments?shape=mturk-batch", Upload(batch));
        var back = Csv(await shaped.Content.ReadAsStringAsync());
        Assert.Equal(MturkHeader.Replace("\"", "").Split(','), back[0].Keys);
        Assert.Equal(("x", ""), (back[0]["Approve"], back[0]["Reject"]));
        Assert.Equal(("", ""), (back[3]["Approve"], back[3]["Reject"]));
        Assert.All(new[] { 1, 2, 4 }, i => Assert.NotEmpty(back[i]["Reject"]));
        Assert.DoesNotContain(Code(3), back[4]["Reject"]);

        // Raw ids: in the upload and the answer only.
        // The database file and its write-ahead log, byte for byte (a UTF-8 id is the same bytes in Latin-1).
        foreach (var path in new[] { _server.DatabasePath, _server.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain("AWORKERDONE1", await reader.ReadToEndAsync());
        }
        Assert.DoesNotContain("AWORKERDONE1", await _server.LogTextAsync(_ => true));
    }

    [Theory]
    [InlineData("\"Submission id\",\"Participant id\",\"Status\",\"Custom study tncs accepted at\",\"Started at\",\"Completed at\",\"Reviewed at\",\"Archived at\",\"Time taken\",\"Completion code\",\"Total approvals\",\"Age\",\"Sex\"",
        "\"{0}\",\"{1}\",\"{2}\",\"Not applicable\",\"2026-12-06T08:00:00.000Z\",\"2026-12-06T08:20:00.000Z\",\"\",\"\",\"1200\",\"{3}\",\"57\",\"34\",\"Female\"")]
    [InlineData("session_id,participant_id,status,started_datetime,completed_date_time,time_taken,age,num_approvals,num_rejections,prolific_score,reviewed_at_datetime,entered_code",
        "{0},{1},{2},2026-12-06 08:00:00.000000,2026-12-06 08:20:00.000000,1200,34,57,0,100,,{3}")]
    public async Task A_prolific_submissions_export_gets_a_decision_per_submission_in_either_column_layout(string header, string row)
    {
        var api = new StudyApiClient(_server.CreateClient(), 1);
        var finished = new SimulatedParticipant(api, new ClosestChangePolicy(), 1);
        await finished.EnterAsync(new EntryRequest { Source = RecruitmentSource.Prolific, ProlificPid = "PIDFINISHED00000000001", StudyId = "S1", SessionId = "SESSIONFIN01" });
        await finished.PlayToEndAsync();
        var left = new SimulatedParticipant(api, new ClosestChangePolicy(), 2);
        await left.EnterAsync(new EntryRequest { Source = RecruitmentSource.Prolific, ProlificPid = "PIDLEFT000000000000002", StudyId = "S1", SessionId = "SESSIONLEFT2" });
        await using (var db = _server.Db()) await TookTwentyMinutesAsync(db);
        // The study's Prolific code (StudyServerFactory sets Study:ProlificCompletionCode) is what every finisher enters.
        string Row(string session, string pid, string status, string code) => string.Format(System.Globalization.CultureInfo.InvariantCulture, row, session, pid, status, code);
        var export = string.Join("\n", header, Row("SESSIONFIN01", "PIDFINISHED00000000001", "AWAITING REVIEW", "C0DE123"),
            Row("SESSIONLEFT2", "PIDLEFT000000000000002", "RETURNED", ""), Row("SESSIONNONE3", "PIDNEVER00000000000003", "TIMED-OUT", ""));

        var browser = Browser();
        await SignInAsync(browser);
        var rows = Csv(await (await browser.PostAsync(AdminRoutes.Api + "/payments", Upload(export, "prolific_export.csv"))).Content.ReadAsStringAsync());
        Assert.Equal(["approve", "reject", "reject"], rows.Select(r => r["decision"]));
        Assert.All(rows, r => Assert.Equal("prolific", r["platform"]));
        Assert.Equal("C0DE123", rows[0]["expected_code"]);
        Assert.Contains("did not finish", rows[1]["reason"]);
        Assert.Equal("never entered the study", rows[2]["reason"]);

        // The page: the same decisions, the download, and no MTurk batch link for a Prolific file.
        var page = await SubmitMultipartAsync(browser, export);
        Assert.Contains("1 to approve, 0 to review, 2 to reject.", page);
        Assert.Contains("data-testid=\"download-decisions\"", page);
        Assert.DoesNotContain("data-testid=\"download-mturk-batch\"", page);
    }

    [Fact]
    public async Task A_file_from_neither_platform_is_refused_with_the_reason_and_the_page_keeps_its_form()
    {
        var browser = Browser();
        await SignInAsync(browser);
        var refused = await browser.PostAsync(AdminRoutes.Api + "/payments", Upload("name,score\nann,3\n"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("neither MTurk's batch results", await refused.Content.ReadAsStringAsync());
        var page = await SubmitMultipartAsync(browser, "name,score\nann,3\n");
        Assert.Contains("data-testid=\"payments-problem\"", page);
        Assert.Contains("data-testid=\"payments-file\"", page);
    }

    /// <summary>The payments page's form, as a browser sends it: the file and the page's antiforgery token.</summary>
    static async Task<string> SubmitMultipartAsync(HttpClient browser, string csv)
    {
        var html = await browser.GetStringAsync(AdminRoutes.Payments);
        var token = AntiforgeryField().Match(html);
        var form = Upload(csv);
        form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[2].Value)), token.Groups[1].Value);
        return WebUtility.HtmlDecode(await (await browser.PostAsync(AdminRoutes.Payments, form)).Content.ReadAsStringAsync());
    }
}
