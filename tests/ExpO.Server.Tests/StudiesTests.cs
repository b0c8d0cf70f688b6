using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ExpO.Server.Hosting;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ExpO.Server.Tests;

/// <summary>
/// Several studies on one server: the paper's housing study (the default, at /) beside a wine study with MAPLE
/// (models/wine-none and wine-expo, trained by `train --dataset winequality-red`), each with its own link, balance,
/// settings, words and explainer; exclusions between studies; the `study` verb; an older database's rows kept.
/// </summary>
public sealed class StudiesTests : ServerTest
{
    static readonly string Models = Path.Combine(RepoFiles.Root, "models");

    /// <summary>The `study` verb on this test's database and the committed models.</summary>
    async Task<(int Exit, string Out, string Error)> StudyVerbAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int exit = await ServerCommandLine.RunAsync(["study", .. args, $"--Database:Path={Server.DatabasePath}", $"--Study:ModelsPath={Models}"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The wine study as a researcher would create it: quality on the dataset's own 0-10 scale, two decimals.</summary>
    async Task CreateWineStudyAsync(params string[] more)
    {
        Server.CreateClient(); // the server creates and migrates the database at its start
        var (exit, _, error) = await StudyVerbAsync(["create", "--name", "wine", "--bundles", "models/wine-none.bundle.json,models/wine-expo.bundle.json",
            "--explainer", "maple", "--title", "Help a computer model judge a wine", "--quantity", "quality", "--subject", "wine", "--decimals", "2", .. more]);
        Assert.True(exit == 0, error);
    }

    static EntryRequest Direct(string? study) => new() { Source = RecruitmentSource.Direct, Study = study, ClientEntryId = Guid.NewGuid() };

    static EntryRequest Prolific(string? study, string person) => new()
    {
        Source = RecruitmentSource.Prolific,
        Study = study,
        ProlificPid = person,
        StudyId = "STUDY1",
        SessionId = "SESSION-" + person + "-" + study,
    };

    [Fact]
    public async Task Two_studies_run_at_once_each_with_its_own_balance_words_and_explainer()
    {
        await CreateWineStudyAsync();

        // 200 participants entering at once, spread over both studies: each study balances its own order exactly.
        var entries = Enumerable.Range(0, 200).Select(i => Api().EnterAsync(Direct(i % 2 == 0 ? null : "wine")));
        await Task.WhenAll(entries);
        await using (var db = Server.Db())
        {
            var byStudy = await db.Participants.GroupBy(p => p.StudyDefinitionId)
                .Select(g => new { Study = g.Key, Count = g.Count(), TreatmentFirst = g.Count(p => p.ExpoFirst) }).ToListAsync();
            var wineId = (await db.Studies.SingleAsync(s => s.Name == "wine")).Id;
            Assert.Equal([(StudyDefinition.DefaultId, 100, 50), (wineId, 100, 50)],
                byStudy.OrderBy(s => s.Study).Select(s => (s.Study, s.Count, s.TreatmentFirst)));
            // Each study's rounds run its own bundles.
            var models = await db.Conditions.Select(c => new { c.Round!.Participant!.StudyDefinitionId, c.ModelName }).Distinct().ToListAsync();
            Assert.Equal(["expo", "none"], models.Where(m => m.StudyDefinitionId == StudyDefinition.DefaultId).Select(m => m.ModelName).Order());
            Assert.Equal(["wine-expo", "wine-none"], models.Where(m => m.StudyDefinitionId == wineId).Select(m => m.ModelName).Order());
        }

        // One participant of each plays to the end; the wine page speaks of quality on the data's own scale.
        var housing = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 1);
        var wine = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 2);
        await housing.EnterAsync(Direct(null));
        await wine.EnterAsync(Direct("wine"));
        var wineInfo = await wine.Api.ParticipantInfoAsync(wine.Token);
        Assert.Equal(("wine", "Help a computer model judge a wine", "quality", 2), (wineInfo.Study, wineInfo.Title, wineInfo.Quantity.Name, wineInfo.Quantity.Decimals));
        var housingInfo = await housing.Api.ParticipantInfoAsync(housing.Token);
        Assert.Equal(("housing", "price", "$"), (housingInfo.Study, housingInfo.Quantity.Name, housingInfo.Quantity.Prefix));
        await housing.ActAsync(); await housing.ActAsync();
        await wine.ActAsync(); await wine.ActAsync();
        // Red wine quality is rated 3 to 8 in the data (data/README.md); house prices are tens of thousands of dollars.
        Assert.InRange(wine.State.Round!.A.PriceDollars, 2, 9);
        Assert.InRange(housing.State.Round!.A.PriceDollars, 5_000, 60_000);
        Assert.Equal(StudyStage.Complete, (await wine.PlayToEndAsync()).Stage);
        Assert.Equal(StudyStage.Complete, (await housing.PlayToEndAsync()).Stage);
        // The analysis of each study counts its own finished participant only (`analyze`, as the analysis page reads them).
        foreach (var args in new[] { ["--study", "wine"], Array.Empty<string>() })
        {
            var stdout = new StringWriter();
            Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", .. args, "--json", $"--Database:Path={Server.DatabasePath}"], stdout, TextWriter.Null));
            Assert.Equal(1, JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("participants_total").GetInt32());
        }
        var unknown = new StringWriter();
        Assert.Equal(2, await ServerCommandLine.RunAsync(["analyze", "--study", "nope", $"--Database:Path={Server.DatabasePath}"], TextWriter.Null, unknown));
        Assert.Contains("there is no study named 'nope'", unknown.ToString(), StringComparison.Ordinal);

        // MAPLE's explanation is a function of the point alone (its forest is fitted once, with seed 0), where LIME's
        // depends on the seed drawn for each explanation: the same start point under the same model is explained the
        // same way for every wine participant, and differently for housing participants.
        await using (var db = Server.Db())
        {
            var wineId = (await db.Studies.SingleAsync(s => s.Name == "wine")).Id;
            // Sides nobody clicked still show the explanation of their start point.
            var starts = await db.Conditions.Where(c => c.Round!.Number == 1 && c.Steps == 0)
                .Select(c => new { c.Round!.Participant!.StudyDefinitionId, c.Round.StartPointIndex, c.ModelName, c.Explanation }).ToListAsync();
            var sameStart = starts.GroupBy(s => (s.StudyDefinitionId, s.StartPointIndex, s.ModelName)).Where(g => g.Count() > 1).ToList();
            Assert.Contains(sameStart, g => g.Key.StudyDefinitionId == wineId);
            Assert.Contains(sameStart, g => g.Key.StudyDefinitionId == StudyDefinition.DefaultId);
            foreach (var g in sameStart)
            {
                var first = g.First().Explanation.Coefficients;
                bool allSame = g.All(x => x.Explanation.Coefficients.SequenceEqual(first));
                Assert.True(allSame == (g.Key.StudyDefinitionId == wineId), $"study {g.Key.StudyDefinitionId}, start {g.Key.StartPointIndex}, {g.Key.ModelName}");
            }
        }
    }

    [Fact]
    public async Task A_study_that_excludes_another_turns_away_its_participants_both_ways_and_only_those()
    {
        await CreateWineStudyAsync("--excludes", "housing");
        var api = Api();
        await api.EnterAsync(Prolific(null, "PERSON1"));
        var refused = await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(Prolific("wine", "PERSON1")));
        Assert.Equal((409, StudyProblemTypes.AlreadyParticipated), (refused.Status, refused.ProblemType));
        // The other way round: someone who took the wine study is turned away by the housing study.
        await api.EnterAsync(Prolific("wine", "PERSON2"));
        refused = await Assert.ThrowsAsync<StudyApiException>(() => api.EnterAsync(Prolific(null, "PERSON2")));
        Assert.Equal(409, refused.Status);
        // A study that excludes nobody takes both.
        Assert.Equal(0, (await StudyVerbAsync("create", "--name", "housing-again", "--bundles", "none,expo", "--title", "Housing, a new cohort")).Exit);
        Assert.Equal(EntryOutcome.Started, (await api.EnterAsync(Prolific("housing-again", "PERSON1"))).Outcome);
        Assert.Equal(EntryOutcome.Started, (await api.EnterAsync(Prolific("housing-again", "PERSON2"))).Outcome);
        await using var db = Server.Db();
        Assert.Equal(4, await db.Participants.CountAsync());
        Assert.Equal(2, await db.RepeatRefusals.CountAsync());
    }

    [Fact]
    public async Task Each_study_has_its_own_entry_page_and_an_unknown_name_is_a_clear_404()
    {
        await CreateWineStudyAsync();
        var http = Server.CreateClient(new() { AllowAutoRedirect = false });
        var page = await http.GetAsync("/study/wine");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Help a computer model judge a wine", await page.Content.ReadAsStringAsync());
        // The consent form posts to the study's own link, and the participant lands in the wine study.
        var entered = await http.PostAsync("/study/wine", new FormUrlEncodedContent(new Dictionary<string, string> { ["entryId"] = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.Redirect, entered.StatusCode);
        var token = entered.Headers.Location!.OriginalString.Split('/')[2].Split('?')[0];
        Assert.Equal("wine", (await Api().ParticipantInfoAsync(token)).Study);

        var missing = await http.GetAsync("/study/no-such-study");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("There is no study at this link", await missing.Content.ReadAsStringAsync());
        var refused = await Assert.ThrowsAsync<StudyApiException>(() => Api().EnterAsync(Direct("no-such-study")));
        Assert.Equal((404, StudyProblemTypes.UnknownLink), (refused.Status, refused.ProblemType));
        var info = await http.GetFromJsonAsync<StudyInfo>(StudyRoutes.InfoOf("wine"), StudyJsonContext.Default.StudyInfo);
        Assert.Equal(("wine", "quality"), (info!.Study, info.Quantity.Name));
        await using var db = Server.Db();
        Assert.Equal(1, await db.Participants.CountAsync()); // the 404s wrote nothing
    }

    [Fact]
    public async Task The_study_verb_lists_studies_and_refuses_what_cannot_run_with_the_reason_changing_nothing()
    {
        await CreateWineStudyAsync();
        var cases = new (string[] Args, int Exit, string Message)[]
        {
            (["create", "--name", "Wine 2", "--bundles", "wine-none,wine-expo"], 1, "not usable in a link"),
            (["create", "--name", "wine", "--bundles", "wine-none,wine-expo"], 1, "a study named 'wine' already"),
            (["create", "--name", "mixed", "--bundles", "none,wine-expo"], 1, "different data or splits"),
            (["create", "--name", "same", "--bundles", "none,none"], 1, "two different bundles"),
            (["create", "--name", "nobundle", "--bundles", "none,missing"], 1, "no bundle named 'missing'"),
            // The committed housing bundles were written before bundles kept their training rows.
            (["create", "--name", "housing-maple", "--bundles", "none,expo", "--explainer", "maple"], 1, "MAPLE needs bundles that carry their training rows"),
            (["create", "--name", "excl", "--bundles", "none,expo", "--excludes", "nothing-here"], 1, "no study named 'nothing-here'"),
            (["create", "--name", "one", "--bundles", "none"], 2, "--bundles takes two bundles"),
            (["create", "--name", "x", "--bundles", "none,expo", "--explainer", "shap"], 2, "shap"),
            (["create", "--bundles", "none,expo"], 2, "--name"),
        };
        foreach (var (args, exit, message) in cases)
        {
            var result = await StudyVerbAsync(args);
            Assert.True(exit == result.Exit, $"{string.Join(' ', args)}: exit {result.Exit}, {result.Error}");
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
        }
        var (listExit, json, _) = await StudyVerbAsync("list", "--json");
        Assert.Equal(0, listExit);
        var list = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("explainer").GetString(),
            s.GetProperty("open").GetBoolean(), s.GetProperty("participants").GetInt32())).ToList();
        Assert.Equal([("housing", "lime", true, 0), ("wine", "maple", true, 0)], list);

        var elsewhere = new StringWriter();
        Assert.Equal(1, await ServerCommandLine.RunAsync(["study", "list", $"--Database:Path={Path.Combine(Path.GetTempPath(), "no-such-folder-x", "study.db")}"], TextWriter.Null, elsewhere));
        Assert.Contains("there is no study database", elsewhere.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_before_studies_keeps_every_row_in_the_default_study()
    {
        // A study under way on the previous version: participants at different places, steps written.
        var finished = new SimulatedParticipant(Api(), new ClosestChangePolicy(), 3);
        await finished.EnterDirectAsync();
        await finished.PlayToEndAsync();
        var midway = await StartedAsync(4);
        await midway.ClickAsync(Condition.A, 1, Direction.Up);
        (int Participants, int Rounds, int Conditions, int Steps, int Versions) Counts(StudyDbContext db) =>
            (db.Participants.Count(), db.Rounds.Count(), db.Conditions.Count(), db.Steps.Count(), db.SettingsVersions.Count());
        (int, int, int, int, int) before;
        await using (var db = Server.Db()) before = Counts(db);
        // Back to the schema before studies (EF's own Down of migration Studies), as an older server left it.
        await using (var old = new StudyDbContext(new DbContextOptionsBuilder<StudyDbContext>().UseSqlite($"Data Source={Server.DatabasePath}").Options))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261206075535_Exclusions");
            Assert.DoesNotContain("Studies", old.Database.SqlQueryRaw<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToList());
        }
        SqliteConnection.ClearAllPools();

        using var upgraded = new StudyServerFactory(new() { ["Database:Path"] = Server.DatabasePath, ["Study:KeyPath"] = Server.KeyPath });
        var api = new StudyApiClient(upgraded.CreateClient(), 1);
        Assert.Equal(StudyStage.Complete, (await api.StateAsync(finished.Token)).Stage);
        Assert.Equal(1, (await api.StateAsync(midway.Token)).Round!.A.Steps);
        await using (var db = upgraded.Db())
        {
            Assert.Equal(before, Counts(db));
            Assert.All(await db.Participants.ToListAsync(), p => Assert.Equal(StudyDefinition.DefaultId, p.StudyDefinitionId));
            Assert.All(await db.SettingsVersions.ToListAsync(), v => Assert.Equal(StudyDefinition.DefaultId, v.StudyDefinitionId));
            var housing = await db.Studies.SingleAsync();
            Assert.Equal(("housing", "none", "expo", StudyExplainer.Lime), (housing.Name, housing.ControlBundle, housing.TreatmentBundle, housing.Explainer));
        }
        // The upgraded study goes on: the participant midway finishes.
        Assert.Equal(StudyStage.Complete, (await midway.Through(api).PlayToEndAsync()).Stage);
    }
}
