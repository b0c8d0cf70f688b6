using System.Text.Json.Nodes;
using ExpO.Server.Hosting;
using ExpO.Server.Models;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Server.Tests;

/// <summary>Simulated participants in the real study over real sockets: what they did is what the database holds.</summary>
public sealed class AgentStudyTests : IDisposable
{
    readonly StudyServerFactory _server = new(new() { ["Study:Settings:Rounds"] = "2" });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Agents_finish_whole_studies_and_leave_exactly_their_steps_marked_simulated()
    {
        var baseUri = _server.StartOnLoopback();
        double dollarsPerSd = _server.Services.GetRequiredService<ModelCatalog>().None.Bundle.DollarsPerTargetSd;
        using var http = new HttpClient { BaseAddress = baseUri };
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            AgentParticipant.PlayAsync(new StudyApiClient(http), lambda: 10, seed: 100 + i, dollarsPerSd, cap: 500, study: null, CancellationToken.None)));
        Assert.All(runs, r => Assert.Equal((AgentOutcome.Finished, null), (r.Outcome, r.Error)));

        await using var db = _server.Db();
        var rows = await db.Participants.AsNoTracking().Include(p => p.Rounds).Include(p => p.FinalAnswers).ToListAsync();
        Assert.Equal(6, rows.Count);
        foreach (var run in runs)
        {
            var p = Assert.Single(rows, p => p.AgentSeed == run.Seed);
            Assert.Equal((RecruitmentSource.Agent, (double?)10, StudyStage.Complete), (p.Source, p.AgentLambda, p.Stage));
            Assert.Equal(run.Clicks, await db.Steps.CountAsync(s => s.ParticipantId == p.Id));
            Assert.Equal(run.Steps.Sum(s => s.A + s.B), run.Clicks);
            // The stated answer rule: the side finished in fewer steps.
            var first = run.Steps[0];
            Assert.Equal(first.A < first.B ? Preference.A : first.B < first.A ? Preference.B : Preference.Same, p.Rounds.Single(r => r.Number == 1).Useful);
        }

        // The analysis leaves simulated participants out unless asked.
        async Task<int> Total(params string[] more)
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await ServerCommandLine.RunAsync(["analyze", $"--Database:Path={_server.DatabasePath}", "--json", .. more], stdout, stderr));
            return (int)JsonNode.Parse(stdout.ToString())!["participants_kept"]!;
        }
        Assert.Equal(0, await Total());
        Assert.Equal(6, await Total("--include-simulated"));
    }
}
