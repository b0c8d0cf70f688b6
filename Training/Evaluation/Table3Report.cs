using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ExpO.Training.Data;

namespace ExpO.Training.Evaluation;

/// <summary>A Table 3 run's results per dataset, as the evaluate JSON and as docs/results/table3.md.</summary>
public static class Table3Report
{
    static readonly IReadOnlyDictionary<string, string> Arms = new Dictionary<string, string>
    {
        ["none"] = "None",
        ["fidelity"] = "ExpO-Fidelity",
        ["fidelity1d"] = "ExpO-1D-Fidelity",
        ["stability"] = "ExpO-Stability",
    };

    /// <summary>The trials in <paramref name="records"/> made with <paramref name="settings"/>, grouped per dataset.</summary>
    public static Dictionary<string, TrialResults> Collect(IEnumerable<DatasetSettings> datasets, int trials, TableSettings settings,
        IReadOnlyList<TrialRecord> records) =>
        datasets.ToDictionary(d => d.Name, d => new TrialResults(trials, settings.BaseSeed, settings.Regularizers.ToDictionary(r => r, r =>
            records.Where(x => x.Dataset == d.Name && x.Regularizer == r && x.Trial < trials && x.Settings == settings.Fingerprint)
                .DistinctBy(x => x.Trial).OrderBy(x => x.Trial).Select(x => x.Scores).ToList())));   // two runs on one file may both finish a trial

    /// <summary>{"trials", "base_seed", "settings", "datasets": {NAME: {"results": {REG: {METRIC: {"mean","sd","se"}, "p_vs_none"}}}}}.</summary>
    public static JsonObject Json(IReadOnlyDictionary<string, TrialResults> results, int trials, TableSettings settings)
    {
        var datasets = new JsonObject();
        foreach (var (name, r) in results.Where(x => x.Value.Scores.Values.Any(s => s.Count > 0)))
            datasets[name] = new JsonObject { ["trials_done"] = r.Scores.Values.Min(s => s.Count), ["results"] = Results(r) };
        return new JsonObject { ["trials"] = trials, ["base_seed"] = settings.BaseSeed, ["settings"] = settings.Fingerprint, ["datasets"] = datasets };
    }

    /// <summary>One dataset's results: per regularizer, each metric's mean, SD and SE, and the t-test's p against none.</summary>
    public static JsonObject Results(TrialResults r)
    {
        var results = new JsonObject();
        foreach (var (reg, scores) in r.Scores)
        {
            if (scores.Count == 0) continue;
            var entry = new JsonObject();
            var pValues = new JsonObject();
            foreach (var m in r.Present)
            {
                var s = r.Summarize(reg, m.Get);
                entry[m.Key] = new JsonObject { ["mean"] = s.Mean, ["sd"] = s.StandardDeviation, ["se"] = s.StandardError };
                if (r.PValueVsNone(reg, m.Get) is double p) pValues[m.Key] = p;
            }
            if (pValues.Count > 0) entry["p_vs_none"] = pValues;
            results[reg] = entry;
        }
        return results;
    }

    /// <summary>The Markdown tables: ours (mean ± SD, p against None, * below 0.05) beside the paper's (mean ± SD).</summary>
    public static string Markdown(IReadOnlyDictionary<string, TrialResults> results)
    {
        var sb = new StringBuilder();
        foreach (var (name, r) in results)
        {
            var regs = r.Scores.Keys.Where(k => r.Scores[k].Count > 0).ToList();
            if (regs.Count == 0) continue;
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {name} ({r.Scores.Values.Min(s => s.Count)} of {r.Trials} trials)");
            sb.AppendLine();
            sb.AppendLine("| metric | " + string.Join(" | ", regs.Select(k => $"{Arms.GetValueOrDefault(k, k)}: ours (n={r.Scores[k].Count}) | paper")) + " |");
            sb.AppendLine("|---|" + string.Concat(regs.Select(_ => "---|---|")));
            foreach (var m in r.Present)
            {
                var cells = regs.Select(reg =>
                {
                    var s = r.Summarize(reg, m.Get);
                    string ours = $"{Number(s.Mean)} ± {Number(s.StandardDeviation)}";
                    if (r.PValueVsNone(reg, m.Get) is double p) ours += string.Create(CultureInfo.InvariantCulture, $" (p {p:G2}{(p < 0.05 ? " *" : "")})");
                    string paper = PaperTable3.Find(name, reg, m.Key) is { } f ? $"{Number(f.Mean)} ± {Number(f.Sd)}" : "–";
                    return $"{ours} | {paper}";
                });
                sb.AppendLine($"| {m.Label} | {string.Join(" | ", cells)} |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    static string Number(double v) => v.ToString("G2", CultureInfo.InvariantCulture);
}
