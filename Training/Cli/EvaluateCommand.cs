using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExpO.Shared.Science.CommandLine;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using ExpO.Training.Model;
using ExpO.Training.Regularizers;

namespace ExpO.Training.Cli;

/// <summary>`evaluate`: regularizers compared over repeated trials (a new split and seed each), as the paper's Table 3.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var settings = new ModelSettings();
        var trials = CliOptions.RequiredWholeNumber("--trials", "how many trials (seeds --seed, --seed + 1, ...)", 1, 1000);
        var regularizers = new Option<string>("--regularizers") { Description = "comma-separated regularizers", DefaultValueFactory = _ => "none,fidelity,fidelity1d" };
        regularizers.Validators.Add(v =>
        {
            if (Names(v.GetValueOrDefault<string>()).Length == 0) v.AddError("Option '--regularizers' needs at least one name.");
            foreach (var name in Names(v.GetValueOrDefault<string>()))
                if (!Regularizer.Names.Contains(name))
                    v.AddError($"Unknown regularizer '{name}'; expected one of {string.Join(", ", Regularizer.Names)}.");
        });
        var json = new Option<string?>("--json") { Description = "also write the results as JSON to this file" };
        var command = new Command("evaluate", "Compare regularizers over repeated trials.") { trials, regularizers, json };
        settings.AddTo(command);
        command.SetAction(r =>
        {
            var regs = Names(r.GetRequiredValue(regularizers)).Distinct().ToList();
            var options = settings.Read(r, "none");
            var data = HousingCsv.Load(r.GetRequiredValue(settings.Data));
            var stderr = r.InvocationConfiguration.Error;
            int n = r.GetValue(trials);
            stderr.WriteLine($"Evaluating {string.Join(", ", regs)} over {n} trials (seeds {options.Seed}..{options.Seed + n - 1}, c = {options.RelativeWeight})...");
            var results = TrialRunner.Run(data, n, regs, options, r.GetValue(settings.MetricPoints), stderr);
            r.InvocationConfiguration.Output.Write(Table(results));
            if (r.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, Json(results, options).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                stderr.WriteLine($"Wrote {jsonPath}.");
            }
            return 0;
        });
        return command;
    }

    static string[] Names(string? list) => (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Markdown table: mean (standard error) per metric, p-value against none, * where p &lt; 0.05.</summary>
    public static string Table(TrialResults r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Results over {r.Trials} trials: mean (standard error); p = Student's t-test against none; * marks p < 0.05.");
        sb.AppendLine();
        sb.AppendLine("| regularizer | " + string.Join(" | ", TrialResults.Metrics.Select(m => m.Label)) + " |");
        sb.AppendLine("|---|" + string.Concat(TrialResults.Metrics.Select(_ => "---|")));
        foreach (var reg in r.Scores.Keys)
        {
            var cells = TrialResults.Metrics.Select(m =>
            {
                var s = r.Summarize(reg, m.Get);
                string cell = string.Create(CultureInfo.InvariantCulture, $"{s.Mean:G3} ({s.StandardError:G2})");
                if (r.PValueVsNone(reg, m.Get) is double p)
                    cell += string.Create(CultureInfo.InvariantCulture, $" p={p:G2}{(p < 0.05 ? " *" : "")}");
                return cell;
            });
            sb.AppendLine($"| {reg} | {string.Join(" | ", cells)} |");
        }
        return sb.ToString();
    }

    public static JsonObject Json(TrialResults r, TrainingOptions options)
    {
        var results = new JsonObject();
        foreach (var reg in r.Scores.Keys)
        {
            var entry = new JsonObject();
            var pValues = new JsonObject();
            foreach (var m in TrialResults.Metrics)
            {
                var s = r.Summarize(reg, m.Get);
                entry[m.Key] = new JsonObject { ["mean"] = s.Mean, ["se"] = s.StandardError };
                if (r.PValueVsNone(reg, m.Get) is double p) pValues[m.Key] = p;
            }
            if (pValues.Count > 0) entry["p_vs_none"] = pValues;
            results[reg] = entry;
        }
        return new JsonObject
        {
            ["trials"] = r.Trials,
            ["base_seed"] = r.BaseSeed,
            ["relative_weight"] = options.RelativeWeight,
            ["results"] = results,
        };
    }
}
