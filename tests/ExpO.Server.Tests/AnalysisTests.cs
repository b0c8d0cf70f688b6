using System.Text.Json.Nodes;
using ExpO.Server.Analysis;
using ExpO.Server.Hosting;
using ExpO.Shared.Study;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>The published format, the analysis and the headless `analyze` command.</summary>
public sealed class AnalysisTests : ServerTest
{
    const string Header = "|usefulRound|expectationwhy|stepsA|stepsB|expoFirst|usefulWhy|expectationbinary|usefulBinary|expectationRound|comments";
    // The issue's example row, then three more: participant 9 has a 151-step round (dropped at the published 150).
    const string Rows = """
        7|[1, 0, 1, 1, 0]|B jumped around.|[4, 9, 6, 3, 8]|[12, 30, 7, 15, 9]|True|A was steadier.|1|1|[1, 0, 1, 1, 1]|
        8|[-1, -1, 0, 1, -1]|A matched.|[10, 20, 30, 10, 20]|[5, 5, 10, 5, 5]|False|B was quicker.|-1|-1|[1, 1, 1, 1, 1]|none
        9|[0, 0, 0, 0, 0]|Same.|[151, 3, 3, 3, 3]|[3, 3, 3, 3, 3]|True|Same.|0|0|[0, 0, 0, 0, 0]|
        10|[1, 1, 1, 1, 1]|"A, clearly | really"|[6, 6, 6, 6, 6]|[8, 8, 8, 8, 8]|False|x|0|1|[0, 0, 0, 0, 0]|
        """;

    static IReadOnlyList<ParticipantRecord> Parse(string rows) => PublishedFormat.Read(new StringReader(Header + "\n" + rows));

    [Fact]
    public void The_published_format_reads_the_example_row()
    {
        var p = Parse(Rows)[0];
        Assert.Equal("7", p.Id);
        Assert.True(p.ExpoFirst);
        Assert.Equal([4, 9, 6, 3, 8], p.StepsA);
        Assert.Equal([12, 30, 7, 15, 9], p.StepsB);
        Assert.Equal((Preference.A, Preference.A), (p.Useful, p.Expectation));
        Assert.Equal([Preference.A, Preference.Same, Preference.A, Preference.A, Preference.Same], p.UsefulRounds);
        Assert.Equal(("A was steadier.", "B jumped around.", ""), (p.UsefulWhy, p.ExpectationWhy, p.Comments));
        Assert.Equal("A, clearly | really", Parse(Rows)[3].ExpectationWhy); // a quoted cell may hold the separator
    }

    [Theory]
    [InlineData("7|[1, 0]|w|[4, 9]|[1, 2]|Maybe|w|1|1|[1, 0]|", 2, "expoFirst must be True or False")]
    [InlineData("7|[1, 0]|w|[4, x]|[1, 2]|True|w|1|1|[1, 0]|", 2, "\"x\", which is not a whole number")]
    [InlineData("7|[1, 2]|w|[4, 9]|[1, 2]|True|w|1|1|[1, 0]|", 2, "usefulRound must be 1 (Condition A), -1 (Condition B) or 0")]
    [InlineData("7|[1, 0]|w|[4, 9]|[1, 2]|True|w|yes|1|[1, 0]|", 2, "expectationbinary must be 1")]
    [InlineData("7|[1, 0]|w|4, 9|[1, 2]|True|w|1|1|[1, 0]|", 2, "stepsA must be a list like [12, 3, 7]")]
    [InlineData("7|[1, 0]|w|[4, 9]|[1, 2]|True|w|1|1|[1, 0]", 2, "10 columns, the header has 11")]
    [InlineData("7|[1]|w|[4]|[1]|True|w|1|1|[1]|\n7|[1]|w|[4]|[1]|True|w|1|1|[1]|", 3, "row number 7 appears twice")]
    public void A_bad_row_is_refused_with_its_line_and_why(string rows, int line, string message)
    {
        var e = Assert.Throws<DatasetFormatException>(() => Parse(rows));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    // Issue 21: the original study's published file was refused whole at one row whose sides had a different number of
    // rounds. Such rows are read, reported with their line, and analysed by the rule in docs/study-protocol.md.
    [Fact]
    public async Task An_irregular_row_is_read_reported_with_its_line_and_analysed_by_the_published_file_rule()
    {
        // Rows 7 and 8 as above (regular), then 11: ExpO first, 3 rounds on A, 2 on B, 2 usefulness answers, 3 expectation.
        var rows = string.Join("\n", Rows.Split('\n')[..2]) + "\n11|[1, 1]|w|[5, 7, 9]|[6, 8]|True|w|1|1|[1, 0, 1]|";
        var records = Parse(rows);
        Assert.Equal([null, null, "line 4: stepsA has 3 rounds and stepsB 2, usefulRound has 2 answers"], records.Select(r => r.Irregularity));

        var r = StudyAnalysis.Run(records, new OutlierRule(StepThreshold: null));
        // Pooled, by hand: ExpO rounds are 7's stepsA (4+9+6+3+8 = 30), 8's stepsB (5+5+10+5+5 = 30) and 11's stepsA
        // (5+7+9 = 21): 81 over 13 rounds. None: 7's B (73), 8's A (90), 11's B (14): 177 over 12.
        Assert.Equal((81 / 13.0, 13), (r.Steps.Expo.Mean, r.Steps.Expo.N));
        Assert.Equal((177 / 12.0, 12), (r.Steps.None.Mean, r.Steps.None.N));
        // Round 3 on both sides: 7 and 8 only; round 3's usefulness: 7 and 8; its expectation: all three.
        Assert.Equal(2, r.StepsByRound[2].Expo.N);
        var (_, useful3, expectation3) = r.PreferencesByRound[2];
        Assert.Equal((2, 3), (useful3.Expo + useful3.None + useful3.NoPreference, expectation3.Expo + expectation3.None + expectation3.NoPreference));
        Assert.Equal(["line 4: stepsA has 3 rounds and stepsB 2, usefulRound has 2 answers"], r.IrregularRows);
        // Its worst round takes part in outlier filtering like any other: above 8 steps, 11 goes for its round 3 (9).
        var strict = StudyAnalysis.Run(records, new OutlierRule(StepThreshold: 80)).Dropped.Select(d => d.Id);
        Assert.DoesNotContain("11", strict);
        Assert.Contains(StudyAnalysis.Run(records, new OutlierRule(StepThreshold: 8)).Dropped, d => d.Id == "11" && d.Reason.StartsWith("round 3 took 9 steps"));

        // analyze reads the file, says which rows are irregular, and exits 0.
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Header + "\n" + rows);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", "--input", file], stdout, stderr));
        File.Delete(file);
        Assert.Contains("line 4: stepsA has 3 rounds and stepsB 2", stdout.ToString());
    }

    // The dropped reason names the first round that reached the participant's worst, on either side, as it did before
    // irregular rows were read (a later change reported B's round 3 for a 40 in A's round 1 and B's round 3).
    [Fact]
    public void A_dropped_participant_is_told_the_first_round_that_reached_their_worst()
    {
        var r = StudyAnalysis.Run(Parse("7|[1, 0, 1]|w|[40, 2, 3]|[5, 6, 40]|True|w|1|1|[1, 0, 1]|"), new OutlierRule(StepThreshold: 30));
        Assert.StartsWith("round 1 took 40 steps", Assert.Single(r.Dropped).Reason);
    }

    [Fact]
    public void A_file_with_another_header_is_refused_on_line_one()
    {
        var e = Assert.Throws<DatasetFormatException>(() => PublishedFormat.Read(new StringReader("a|b|c\n1|2|3")));
        Assert.Equal(1, e.Line);
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void Written_and_read_again_the_published_format_gives_the_same_participants()
    {
        var original = Parse(Rows);
        var text = new StringWriter();
        PublishedFormat.Write(text, original);
        var again = PublishedFormat.Read(new StringReader(text.ToString()));
        Assert.Equal(original.Count, again.Count);
        for (int i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i].StepsA, again[i].StepsA);
            Assert.Equal(original[i].StepsB, again[i].StepsB);
            Assert.Equal(original[i].UsefulRounds, again[i].UsefulRounds);
            Assert.Equal(original[i].ExpectationRounds, again[i].ExpectationRounds);
            Assert.Equal((original[i].ExpoFirst, original[i].Useful, original[i].Expectation, original[i].UsefulWhy, original[i].ExpectationWhy, original[i].Comments),
                (again[i].ExpoFirst, again[i].Useful, again[i].Expectation, again[i].UsefulWhy, again[i].ExpectationWhy, again[i].Comments));
        }
    }

    [Fact]
    public void The_analysis_drops_outliers_and_reads_answers_through_each_participants_order()
    {
        var r = StudyAnalysis.Run(Parse(Rows), new OutlierRule());
        Assert.Equal((4, 3), (r.ParticipantsTotal, r.ParticipantsKept));
        var dropped = Assert.Single(r.Dropped);
        Assert.Equal("9", dropped.Id);
        Assert.Contains("round 1 took 151 steps", dropped.Reason);

        // Kept 7 (ExpO = A), 8 (ExpO = B), 10 (ExpO = B). ExpO steps: 7's A [4 9 6 3 8] + 8's B [5 5 10 5 5] + 10's B
        // [8 x5]: sum 30 + 30 + 40 = 100 over 15 rounds. None: 7's B (73) + 8's A (90) + 10's A (30) = 193 / 15.
        Assert.Equal(100 / 15.0, r.Steps.Expo.Mean, 12);
        Assert.Equal(193 / 15.0, r.Steps.None.Mean, 12);
        Assert.Equal((15, 15), (r.Steps.Expo.N, r.Steps.None.N));
        Assert.Equal(8, r.Steps.Expo.Median);  // 3 4 5 5 5 5 6 8 8 8 8 8 8 9 10
        // Usefulness: 7 chose A = ExpO; 8 chose B = ExpO (None first); 10 chose A = None. Expectation: 7 A = ExpO,
        // 8 B = ExpO, 10 no difference.
        Assert.Equal((2, 1, 0), (r.Usefulness.Expo, r.Usefulness.None, r.Usefulness.NoPreference));
        Assert.Equal((2, 0, 1), (r.Expectation.Expo, r.Expectation.None, r.Expectation.NoPreference));
        // Round 1's usefulness: 7 A -> ExpO, 8 -1 = B -> ExpO, 10 A -> None.
        Assert.Equal((2, 1, 0), (r.PreferencesByRound[0].Usefulness.Expo, r.PreferencesByRound[0].Usefulness.None, r.PreferencesByRound[0].Usefulness.NoPreference));
    }

    [Fact]
    public void A_percentile_rule_drops_whoever_has_a_round_above_that_percentile()
    {
        // All 40 rounds of the four: numpy.percentile (linear) gives 30.0 at 95 and 20.0 at 90. At 90, the three with a
        // round above 20 go: 7 and 8 (30 each) and 9 (151); at 95 only 9 (a round of 30 is not above 30).
        var all = Parse(Rows).SelectMany(p => p.StepsA.Concat(p.StepsB)).ToArray();
        Assert.Equal(30.0, OutlierFilter.Percentile(all, 95), 12);
        Assert.Equal(20.0, OutlierFilter.Percentile(all, 90), 12);
        var r = StudyAnalysis.Run(Parse(Rows), new OutlierRule(StepThreshold: null, Percentile: 90));
        Assert.Equal(["7", "8", "9"], r.Dropped.Select(d => d.Id).Order());
        Assert.Contains("the 90th percentile of all rounds, 20 steps", r.Dropped[0].Reason);
        Assert.Equal(["9"], StudyAnalysis.Run(Parse(Rows), new OutlierRule(StepThreshold: null, Percentile: 95)).Dropped.Select(d => d.Id));
    }

    [Fact]
    public async Task Analyze_prints_one_json_object_with_the_issues_fields()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Header + "\n" + Rows);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = await ServerCommandLine.RunAsync(["analyze", "--input", file, "--json"], stdout, stderr);
        File.Delete(file);
        Assert.Equal(0, code);
        var json = JsonNode.Parse(stdout.ToString())!.AsObject();
        Assert.Equal(4, (int)json["participants_total"]!);
        Assert.Equal(3, (int)json["participants_kept"]!);
        Assert.Equal("9", (string)json["dropped"]![0]!["id"]!);
        Assert.Equal(100 / 15.0, (double)json["steps"]!["expo"]!["mean"]!, 12);
        foreach (var test in new[] { "student_t", "welch_t", "paired_t" })
            Assert.InRange((double)json["steps"]![test]!["p"]!, 0, 1);
        Assert.NotNull(json["steps"]!["cohens_d"]);
        Assert.InRange((double)json["steps"]!["wilcoxon"]!["p"]!, 0, 1);
        Assert.Equal(2, (int)json["usefulness"]!["expo"]!);
        Assert.Equal(1, (int)json["expectation"]!["no_preference"]!);
        Assert.Empty(stderr.ToString());
    }

    [Theory]
    [InlineData(new[] { "--threshold", "x" }, 2, "Option '--threshold' takes a whole number from 1")]
    [InlineData(new[] { "--percentile", "0" }, 2, "Option '--percentile' takes a number above 0 and at most 100, not '0'")]
    [InlineData(new[] { "--format", "xml", "--input", "f" }, 2, "Argument 'xml' not recognized")]
    [InlineData(new[] { "--what", "--input", "f" }, 2, "Unrecognized command or argument '--what'")]
    [InlineData(new[] { "--input", "a", "--dataset", "b" }, 2, "--input and --dataset each name the data; give one")]
    [InlineData(new[] { "--input", "/no/such/file.txt" }, 1, "file.txt")]
    [InlineData(new[] { "--Database:Path=/no/such/study.db" }, 1, "no study database at /no/such/study.db")]
    public async Task Analyze_refuses_bad_arguments_with_a_message_and_its_exit_code(string[] args, int code, string message)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(code, await ServerCommandLine.RunAsync(["analyze", .. args], stdout, stderr));
        Assert.Contains(message, stderr.ToString());
        Assert.Empty(stdout.ToString());
        Assert.False(File.Exists("/no/such/study.db"));
    }

    [Fact]
    public async Task The_live_database_analyzed_equals_its_published_export_imported_again()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var p = new SimulatedParticipant(Api(), new ClosestChangePolicy(), seed)
            {
                RoundAnswers = s => (s.RoundNumber % 2 == 0 ? Preference.A : Preference.B, Preference.Same),
            };
            await p.EnterDirectAsync();
            await p.PlayToEndAsync();
        }
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={Server.DatabasePath}", "--json"], stdout, stderr));
        var live = JsonNode.Parse(stdout.ToString())!;
        Assert.Equal(3, (int)live["participants_total"]!);
        Assert.Equal(5 * 3, (int)live["steps"]!["expo"]!["n"]!);

        await using var db = Server.Db();
        var export = new StringWriter();
        PublishedFormat.Write(export, await StudyRecords.LoadAsync(db, StudyData.Entities.StudyDefinition.DefaultId, default));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, export.ToString());
        var again = new StringWriter();
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", "--input", file, "--json"], again, stderr));
        File.Delete(file);
        // The same statistics; only the ids differ (the export numbers its rows).
        var (a, b) = (live.AsObject(), JsonNode.Parse(again.ToString())!.AsObject());
        a.Remove("dropped"); b.Remove("dropped");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());

        // The researchers' participants export, read back with --format csv, gives the same analysis too.
        var csv = new MemoryStream();
        using (var scope = Server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ExpO.Server.Admin.StudyExports>().WriteAsync(StudyData.Entities.StudyDefinition.DefaultId, ExpO.Server.Admin.StudyExports.Find("participants.csv")!, csv, "test", default);
        await File.WriteAllBytesAsync(file, csv.ToArray());
        var fromCsv = new StringWriter();
        Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", "--input", file, "--format", "csv", "--json"], fromCsv, stderr));
        File.Delete(file);
        var c = JsonNode.Parse(fromCsv.ToString())!.AsObject();
        c.Remove("dropped");
        Assert.Equal(a.ToJsonString(), c.ToJsonString());
    }

    [Fact]
    public void A_participants_export_with_a_bad_row_is_refused_with_its_line()
    {
        var header = string.Join(",", ParticipantsCsv.Columns);
        string Row(string stepsB) => $"p1,direct,true,Complete,2,,,,,\"[3, 4]\",\"{stepsB}\",\"[A, B]\",\"[same, A]\",A,B,expo,none,w,w,";
        Assert.Single(ParticipantsCsv.Read(new StringReader(header + "\n" + Row("[5, 6]"))));
        var e = Assert.Throws<DatasetFormatException>(() => ParticipantsCsv.Read(new StringReader(header + "\n" + Row("[5, 6]") + "\n" + Row("[5, x]"))));
        Assert.Equal(3, e.Line);
        Assert.Contains("steps_b has \"x\"", e.Message);
        // A participant who has not finished is not part of the analysis.
        Assert.Empty(ParticipantsCsv.Read(new StringReader(header + "\n" + Row("[5, 6]").Replace("Complete", "Round"))));
    }
}
