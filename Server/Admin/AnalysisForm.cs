using System.Globalization;
using ExpO.Server.Analysis;

namespace ExpO.Server.Admin;

/// <summary>
/// The analysis page's choices as the researcher typed them. An empty box means "not used"; a bad value is named at its
/// field and the page comes back with everything as typed. A first visit (no box sent) uses the published rule.
/// </summary>
public sealed record AnalysisForm(string Dataset, string Threshold, string Percentile, bool Simulated, bool Log, string AgentEpisodes)
{
    /// <summary>The settings version box as typed ("" = every version).</summary>
    public string Version { get; init; } = "";

    /// <summary>Only participants who entered under this settings version; null: all.</summary>
    public long? SettingsVersion { get; init; }

    public const int DefaultAgentEpisodes = 200;

    /// <summary>What is wrong, by field name ("threshold", "percentile", "agentEpisodes").</summary>
    public IReadOnlyDictionary<string, string> Problems { get; init; } = new Dictionary<string, string>();

    /// <summary>The rule the boxes give, or null while a box is wrong.</summary>
    public OutlierRule? Rule { get; init; }

    /// <summary>The sweep's episodes per lambda when the sweep was asked for (and the box is right).</summary>
    public int? Episodes { get; init; }

    public static AnalysisForm Read(IQueryCollection query)
    {
        string Text(string name) => query[name].FirstOrDefault()?.Trim() ?? "";
        bool firstVisit = !query.ContainsKey("threshold") && !query.ContainsKey("percentile");
        var form = new AnalysisForm(
            Text("dataset") is { Length: > 0 } d ? d : ImportedDatasets.LiveName,
            firstVisit ? OutlierRule.PublishedThreshold.ToString(CultureInfo.InvariantCulture) : Text("threshold"),
            Text("percentile"), query["simulated"] == "true", query["log"] == "true",
            query.ContainsKey("agentEpisodes") ? Text("agentEpisodes") : "")
        { Version = Text("version") };
        var problems = new Dictionary<string, string>();
        long? version = form.Version.Length == 0 ? null
            : long.TryParse(form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var sv) && sv > 0 ? sv
            : Problem<long>(problems, "version", "Choose a settings version, or all of them.");
        int? threshold = form.Threshold.Length == 0 ? null
            : int.TryParse(form.Threshold, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0 ? t
            : Problem<int>(problems, "threshold", "Enter a whole number of steps above 0, or leave it empty.");
        double? percentile = form.Percentile.Length == 0 ? null
            : double.TryParse(form.Percentile, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q is > 0 and <= 100 ? q
            : Problem<double>(problems, "percentile", "Enter a percentile above 0 and at most 100, or leave it empty.");
        int? episodes = !query.ContainsKey("agentEpisodes") ? null
            : int.TryParse(form.AgentEpisodes, NumberStyles.None, CultureInfo.InvariantCulture, out var e) && e is >= 20 and <= AgentSweepChart.MaxEpisodes ? e
            : Problem<int>(problems, "agentEpisodes", $"Enter a whole number of episodes from 20 to {AgentSweepChart.MaxEpisodes}.");
        return form with
        {
            Problems = problems,
            Rule = problems.ContainsKey("threshold") || problems.ContainsKey("percentile") ? null : new OutlierRule(threshold, percentile, form.Simulated),
            Episodes = problems.ContainsKey("agentEpisodes") ? null : episodes,
            SettingsVersion = version,
        };
    }

    /// <summary>The participants the version box asks for; a version nobody entered under is named at the field.</summary>
    public (IReadOnlyList<ParticipantRecord> Records, AnalysisForm Form) Select(IReadOnlyList<ParticipantRecord> records)
    {
        if (SettingsVersion is not { } v) return (records, this);
        var chosen = records.Where(r => r.SettingsVersion == v).ToList();
        if (chosen.Count > 0) return (chosen, this);
        var problems = new Dictionary<string, string>(Problems) { ["version"] = $"No finished participant entered under settings version {v}." };
        return (chosen, this with { Problems = problems, Rule = null });
    }

    static T? Problem<T>(Dictionary<string, string> problems, string field, string message) where T : struct
    {
        problems[field] = message;
        return null;
    }
}
