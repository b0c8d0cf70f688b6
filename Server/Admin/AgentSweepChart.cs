using ExpO.Server.Analysis;
using ExpO.Server.Models;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Study;

namespace ExpO.Server.Admin;

/// <summary>The analysis page's agent sweep: the same <see cref="AgentSweep"/> as `agent sweep`, on the loaded models.</summary>
public static class AgentSweepChart
{
    /// <summary>2000 episodes per lambda is the paper's sweep (~30 s on 2 cores); the page offers 200 (~3 s).</summary>
    public const int MaxEpisodes = 2000;

    public static string Svg(ModelCatalog models, StudySettings protocol, int episodes, AnalysisReport people, CancellationToken ct)
    {
        var run = AgentSweep.Run(models.None.Runtime, models.Expo.Runtime, models.StartPoints,
            new SweepOptions { Episodes = episodes, Settings = protocol }, ct: ct);
        (double, double)? means = people.Steps.None.N > 0 ? (people.Steps.None.Mean, people.Steps.Expo.Mean) : null;
        return SweepPlot.Svg(run.Points, episodes, means);
    }
}
