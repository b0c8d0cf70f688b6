using ExpO.Server.Analysis;

namespace ExpO.Server.Admin;

/// <summary>One bar chart of the analysis: its file name, title, group labels and series.</summary>
public sealed record AnalysisFigure(string Name, string Title, IReadOnlyList<string> Labels, IReadOnlyList<BarChart.BarSeries> Series, bool Log = false);

/// <summary>The analysis' charts, built once for the page and for the downloaded report's SVG files.</summary>
public static class AnalysisFigures
{
    // Histogram bins of steps per round; the last starts above the original analysis' threshold of 150.
    static readonly (string Label, int Low, int High)[] Bins =
        [("1-5", 1, 5), ("6-10", 6, 10), ("11-20", 11, 20), ("21-40", 21, 40), ("41-80", 41, 80), ("81-150", 81, 150), ("151+", 151, int.MaxValue)];

    public static IReadOnlyList<AnalysisFigure> Of(AnalysisReport report, bool log)
    {
        double[] Counts(Func<ParticipantRecord, IReadOnlyList<int>> steps) =>
            Bins.Select(b => (double)report.Kept.SelectMany(steps).Count(s => s >= b.Low && s <= b.High)).ToArray();
        return
        [
            new("histogram", "Steps per round: how many rounds took how many steps", Bins.Select(b => b.Label).ToArray(),
                [new("ExpO", Counts(p => p.StepsExpo)), new("None", Counts(p => p.StepsNone))], log),
            new("by-round", "Mean steps by round number (learning)", report.StepsByRound.Select(g => g.Group).ToArray(),
                [new("ExpO", report.StepsByRound.Select(g => g.Expo.Mean).ToArray()), new("None", report.StepsByRound.Select(g => g.None.Mean).ToArray())]),
            new("preference-bars", "Preferences at the end", ["more useful", "better matched"],
                [new("ExpO", [report.Usefulness.Expo, report.Expectation.Expo]), new("None", [report.Usefulness.None, report.Expectation.None]),
                 new("no preference", [report.Usefulness.NoPreference, report.Expectation.NoPreference])]),
        ];
    }
}
