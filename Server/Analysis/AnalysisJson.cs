using System.Text.Json.Nodes;
using ExpO.Shared.Science.Statistics;

namespace ExpO.Server.Analysis;

/// <summary>
/// The `analyze --json` object: participants, who was dropped, the step comparison and the two preferences, with
/// snake_case names for scripts. A statistic that cannot be computed (too few participants) is null, never NaN.
/// </summary>
public static class AnalysisJson
{
    public static JsonObject From(AnalysisReport r) => new()
    {
        ["participants_total"] = r.ParticipantsTotal,
        ["participants_kept"] = r.ParticipantsKept,
        ["irregular_rows"] = new JsonArray(r.IrregularRows.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
        ["dropped"] = new JsonArray(r.Dropped.Select(d => (JsonNode)new JsonObject { ["id"] = d.Id, ["reason"] = d.Reason }).ToArray()),
        ["steps"] = new JsonObject
        {
            ["expo"] = Summary(r.Steps.Expo),
            ["none"] = Summary(r.Steps.None),
            ["student_t"] = T(r.Steps.StudentT),
            ["welch_t"] = T(r.Steps.WelchT),
            ["cohens_d"] = Number(r.Steps.CohensD?.D),
            ["paired_t"] = T(r.Steps.PairedT),
            ["wilcoxon"] = r.Steps.Wilcoxon is { } w ? new JsonObject { ["p"] = Number(w.PValue) } : null,
        },
        ["usefulness"] = Preferences(r.Usefulness),
        ["expectation"] = Preferences(r.Expectation),
    };

    static JsonObject Summary(StepSummary s) => new() { ["mean"] = Number(s.Mean), ["median"] = Number(s.Median), ["n"] = s.N };

    static JsonObject? T(TTestResult? t) => t is null ? null : new JsonObject { ["t"] = Number(t.T), ["p"] = Number(t.PValue) };

    static JsonObject Preferences(PreferenceCounts c) => new()
    {
        ["expo"] = c.Expo,
        ["none"] = c.None,
        ["no_preference"] = c.NoPreference,
        ["chi2"] = Number(c.ChiSquared?.Statistic),
        ["p"] = Number(c.ChiSquared?.PValue),
    };

    static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
