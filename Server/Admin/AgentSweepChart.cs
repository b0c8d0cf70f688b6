using ExpO.Server.Analysis;
using ExpO.Server.Explanations;
using ExpO.Server.Studies;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Science.Explanations;
using ExpO.Shared.Science.Inference;
using ExpO.Shared.Study;

namespace ExpO.Server.Admin;

/// <summary>The analysis page's agent sweep: the same <see cref="AgentSweep"/> as `agent sweep`, on the study's models and explainer.</summary>
public static class AgentSweepChart
{
    /// <summary>2000 episodes per lambda is the paper's sweep (~30 s on 2 cores); the page offers 200 (~3 s).</summary>
    public const int MaxEpisodes = 2000;

    public static string Svg(StudyRuntime study, ExplanationService explanations, StudySettings protocol, int episodes, AnalysisReport people,
        CancellationToken ct)
    {
        // LIME keeps the sweep's own sample bank (its default); MAPLE is the study's fitted forest.
        Func<IRegressionModel, IExplainer>? maple = study.Explainer == StudyExplainer.Maple
            ? m => explanations.ExplainerOf(study, ReferenceEquals(m, study.Control.Runtime) ? study.Control : study.Treatment)
            : null;
        var run = AgentSweep.Run(study.Control.Runtime, study.Treatment.Runtime, study.StartPoints,
            new SweepOptions { Episodes = episodes, Settings = protocol, ExplainerFor = maple }, ct: ct);
        (double, double)? means = people.Steps.None.N > 0 ? (people.Steps.None.Mean, people.Steps.Expo.Mean) : null;
        return SweepPlot.Svg(run.Points, episodes, means);
    }
}
