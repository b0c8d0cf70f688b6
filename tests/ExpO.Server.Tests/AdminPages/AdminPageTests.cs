using Bunit;
using ExpO.Server.Admin;
using ExpO.Server.Analysis;
using ExpO.Shared.Study;

namespace ExpO.Server.Tests.AdminPages;

/// <summary>The dashboard, the participants grid and the analysis page rendered from fixed data.</summary>
public sealed class AdminPageTests : AdminPageTest
{
    static GroupSummary Group(string name, int started, int finished) =>
        new(name, started, started - finished, finished, 0, started / 2, started - started / 2, 17.5, 9);

    [Fact]
    public void The_dashboard_shows_each_groups_counts_and_every_flag()
    {
        var summary = new DashboardSummary(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), Group("all people", 4, 3),
            [Group("direct", 4, 3), Group("agent", 2, 2)], [new QualityFlag("abc123def456", "finished in 2.0 minutes")]);
        var view = Render<DashboardView>(p => p.Add(x => x.Summary, summary));
        Assert.Equal("4", view.Find("[data-testid=group-all-people] [data-testid=started]").TextContent);
        Assert.Equal("1", view.Find("[data-testid=group-all-people] [data-testid=in-progress]").TextContent);
        Assert.Equal("2", view.Find("[data-testid=group-agent] [data-testid=finished]").TextContent);
        Assert.Contains("abc123def456: finished in 2.0 minutes", view.Find("[data-testid=flags]").TextContent);

        var quiet = Render<DashboardView>(p => p.Add(x => x.Summary, summary with { Flags = [] }));
        Assert.Equal("None.", quiet.Find("[data-testid=no-flags]").TextContent);
    }

    static ParticipantRow Row(string id, RecruitmentSource source, bool expoFirst, ModelChoice? useful, params string[] flags) =>
        new(id, source, useful is null ? StudyStage.Round : StudyStage.Complete, expoFirst, 2, 2, [3, 4], [7, 8],
            new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 10, 20, 0, DateTimeKind.Utc),
            useful is null ? null : 20, useful, useful, 0, false, flags);

    static string[] Column(IRenderedComponent<ParticipantsGrid> grid, int column) =>
        grid.FindAll($"tbody tr td:nth-child({column})").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public void The_participants_grid_shows_answers_by_model_and_searches_and_sorts()
    {
        ParticipantRow[] rows =
        [
            Row("aaaaaaaaaaaa", RecruitmentSource.Prolific, true, ModelChoice.Expo),
            Row("bbbbbbbbbbbb", RecruitmentSource.Mturk, false, ModelChoice.NoPreference, "reopened the study page 7 times"),
            Row("cccccccccccc", RecruitmentSource.Direct, false, null),
        ];
        var grid = Render<ParticipantsGrid>(p => p.Add(x => x.Rows, rows));
        Assert.Equal(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"], Column(grid, 1));
        Assert.Equal([ParticipantsGrid.OrderExpoFirst, ParticipantsGrid.OrderNoneFirst, ParticipantsGrid.OrderNoneFirst], Column(grid, 4));
        Assert.Equal(["ExpO", "no preference", ""], Column(grid, 6));
        Assert.Equal("/admin/participants/aaaaaaaaaaaa", grid.Find("[data-testid=replay-aaaaaaaaaaaa]").GetAttribute("href"));
        Assert.Equal("/admin/participants/aaaaaaaaaaaa", grid.Find("[data-testid=replay-aaaaaaaaaaaa]").GetAttribute("href"));

        grid.Find("input[data-testid=search]").Input("reopened");
        grid.WaitForAssertion(() => Assert.Equal(["bbbbbbbbbbbb"], Column(grid, 1)));
        grid.Find("input[data-testid=search]").Input("");
        grid.WaitForAssertion(() => Assert.Equal(3, Column(grid, 1).Length));

        // Issue 21: 12 columns overflowed a laptop's width. The steps lists start hidden; the chooser shows them.
        Assert.DoesNotContain("steps ExpO", grid.FindAll("th").Select(th => th.TextContent.Trim()));
        grid.Find("[data-testid=column-steps-ExpO]").Change(true);
        grid.WaitForAssertion(() => Assert.Contains("steps ExpO", grid.FindAll("th").Select(th => th.TextContent.Trim())));
        int steps = grid.FindAll("thead th").Select(th => th.TextContent.Trim()).ToList().FindIndex(t => t.StartsWith("steps ExpO", StringComparison.Ordinal)) + 1;
        Assert.Equal(["[3, 4]", "[3, 4]", "[3, 4]"], Column(grid, steps));
        grid.Find("[data-testid=column-flags]").Change(false);
        grid.WaitForAssertion(() => Assert.DoesNotContain("flags", grid.FindAll("th").Select(th => th.TextContent.Trim())));

        // Sorting by source follows the enum's order: MTurk, Prolific, direct.
        grid.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == "source").Click();
        grid.WaitForAssertion(() => Assert.Equal(["Mturk", "Prolific", "Direct"], Column(grid, 2)));
    }

    [Fact]
    public void The_analysis_page_shows_the_reports_numbers_who_was_dropped_and_the_rounds()
    {
        ParticipantRecord Record(string id, int[] expo, int[] none) => new(id, true, expo, none, Preference.A, Preference.Same,
            [Preference.A, Preference.B], [Preference.Same, Preference.Same], "why", "why", "", Simulated: false);
        // Means by hand: ExpO rounds 2, 4, 6, 8 -> 5; None rounds 10, 20, 30, 40 -> 25. The third has a round of 151 > 150.
        var records = new[] { Record("p1", [2, 4], [10, 20]), Record("p2", [6, 8], [30, 40]), Record("p3", [151, 1], [1, 1]) };
        var report = StudyAnalysis.Run(records, new OutlierRule());
        var form = AnalysisForm.Read(new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["dataset"] = "pilot" }));
        var page = Render<AnalysisPage>(p => p.Add(x => x.Report, report).Add(x => x.Form, form).Add(x => x.Datasets, [new DatasetView("pilot", StudyData.Entities.DatasetFormat.Published, 3, "me", DateTime.UnixEpoch)]));
        Assert.StartsWith("2 of 3 participants kept.", page.Find("[data-testid=kept]").TextContent);
        Assert.Contains("p3", page.Find("[data-testid=dropped]").TextContent);
        Assert.Equal("5", page.Find("[data-testid=expo-mean]").TextContent);
        Assert.Equal("25", page.Find("[data-testid=none-mean]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid^=preference-round-]").Count);
        Assert.Equal("pilot", page.Find("[data-testid=dataset] option[selected]").GetAttribute("value"));
    }

    static AnalysisForm Form(params (string Name, string Value)[] fields) => AnalysisForm.Read(new Microsoft.AspNetCore.Http.QueryCollection(
        fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new Microsoft.Extensions.Primitives.StringValues(g.Last().Value))));

    [Fact]
    public void A_p_value_below_a_thousandth_reads_p_below_0_001_never_p_equals_0()
    {
        // 30 rounds of 2 steps against 30 of 40 (with a little spread): Student's t gives p near 1e-30, which three
        // decimals would print as 0.
        ParticipantRecord Record(int i) => new($"p{i}", true, [2 + i % 2, 2], [40 + i % 3, 41], Preference.A, Preference.A,
            [Preference.A, Preference.A], [Preference.A, Preference.A], "", "", "");
        var report = StudyAnalysis.Run(Enumerable.Range(0, 15).Select(Record).ToList(), new OutlierRule());
        Assert.True(report.Steps.StudentT!.PValue < 1e-6, "the fixture should give a tiny p");
        var page = Render<AnalysisPage>(p => p.Add(x => x.Report, report).Add(x => x.Form, Form()));
        Assert.Equal("p < 0.001", page.Find("[data-testid=student-p]").TextContent);
        Assert.DoesNotContain("p = 0 ", page.Markup.Replace("<", " <"));
        Assert.Equal("0.012", PValue.Cell(0.0123));
        Assert.Equal("p = 0.001", PValue.Equation(0.001));
    }

    [Theory]
    [InlineData("threshold", "0", "threshold-problem")]
    [InlineData("threshold", "ten", "threshold-problem")]
    [InlineData("percentile", "101", "percentile-problem")]
    [InlineData("agentEpisodes", "5", "agentEpisodes-problem")]
    public void A_bad_box_on_the_analysis_page_is_named_at_its_field_and_keeps_what_was_typed(string field, string value, string problem)
    {
        var form = Form(("threshold", "150"), ("percentile", ""), (field, value));
        Assert.Single(form.Problems);
        // As the endpoint does: figures only under a rule that parsed.
        var report = form.Rule is { } rule ? StudyAnalysis.Run([], rule) : null;
        var page = Render<AnalysisPage>(p => p.Add(x => x.Report, report).Add(x => x.Form, form));
        Assert.NotEmpty(page.Find($"[data-testid={problem}]").TextContent);
        var box = field == "agentEpisodes" ? "agent-episodes" : field;
        if (field != "agentEpisodes") Assert.Equal(value, page.Find($"input[data-testid={box}]").GetAttribute("value"));
    }

    [Fact]
    public void Empty_analysis_boxes_mean_not_used_and_a_first_visit_uses_the_published_threshold()
    {
        Assert.Equal(new OutlierRule(OutlierRule.PublishedThreshold, null), Form().Rule);
        Assert.Equal(new OutlierRule(150, null), Form(("threshold", "150"), ("percentile", "")).Rule);
        Assert.Equal(new OutlierRule(null, 99), Form(("threshold", ""), ("percentile", "99")).Rule);
        Assert.Equal(new OutlierRule(null, null), Form(("threshold", ""), ("percentile", "")).Rule);
        Assert.Empty(Form(("threshold", " 120 "), ("percentile", "")).Problems);
    }
}
