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

/// <summary>
/// `evaluate`: regularizers compared over repeated trials (a new split and seed each), as the paper's Table 3: on one
/// housing-shaped file (--data), or on the paper's datasets (--datasets) with their tuned settings, both explainers,
/// trials in parallel worker processes and every finished trial kept in a results file, so a stopped run resumes.
/// </summary>
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
        var explainers = CliOptions.List<ExplainerKind>("--explainers", "explainers to score: lime, maple", "lime",
            p => Enum.TryParse<ExplainerKind>(p, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(p, out _) ? k : null, "lime or maple");
        var json = new Option<string?>("--json") { Description = "also write the results as JSON to this file" };
        var datasets = ModelSettings.Datasets("--datasets", many: true);
        var folder = new Option<string>("--data-folder") { Description = "where the datasets' files are", DefaultValueFactory = _ => "data" };
        var results = new Option<string?>("--results") { Description = "with --datasets: the file every finished trial is added to, read again to resume (default: the --json file + .trials.jsonl, else table3.trials.jsonl)" };
        var jobs = CliOptions.WholeNumber("--jobs", "with --datasets: trials run at once, each in its own process", Math.Max(1, Environment.ProcessorCount), 1, 64);
        var markdown = new Option<string?>("--markdown") { Description = "with --datasets: also write the tables beside the paper's as Markdown to this file" };
        var sampleSets = CliOptions.OptionalWholeNumber("--lime-sample-sets",
            "with --datasets: LIME explains on a bank of this many sample sets per model instead of fresh samples each time (the same distribution, about 20x faster on a deep network)", 1, 100_000);
        var reportOnly = new Option<bool>("--report-only") { Description = "with --datasets: make the tables from the results file as it is, running nothing" };
        var worker = new Option<int?>("--worker-trial") { Hidden = true };
        var command = new Command("evaluate", "Compare regularizers over repeated trials (the paper's Table 3).")
        {
            trials, regularizers, explainers, json, datasets, folder, results, jobs, markdown, sampleSets, reportOnly, worker,
        };
        settings.AddTo(command);
        command.SetAction(r =>
        {
            var regs = Names(r.GetRequiredValue(regularizers)).Distinct().ToList();
            var kinds = r.GetRequiredValue(explainers).Distinct().ToList();
            if ((r.GetValue(settings.Data) is null) == (r.GetValue(datasets) is null))
                throw new UsageException("Give the data as --data FILE or --datasets NAMES|all (one of them).");
            if (r.GetValue(datasets) is { } chosen)
            {
                var table = new TableSettings(regs, kinds, r.GetValue(settings.Seed), r.GetValue(settings.MaxEpochs), r.GetValue(settings.MetricPoints),
                    r.GetValue(sampleSets));
                var run = new TableCommandRun(chosen, r.GetValue(trials), table, r.GetRequiredValue(folder),
                    r.GetValue(results) ?? (r.GetValue(json) is { } j ? j + ".trials.jsonl" : "table3.trials.jsonl"));
                return r.GetValue(worker) is { } trial
                    ? run.Worker(trial, r.InvocationConfiguration.Error)
                    : run.Run(r.GetValue(reportOnly) ? 0 : r.GetValue(jobs), r.GetValue(json), r.GetValue(markdown), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            }
            var options = settings.Read(r, "none");
            var data = UciCsv.LoadHousing(r.GetValue(settings.Data)!);
            var stderr = r.InvocationConfiguration.Error;
            int n = r.GetValue(trials);
            stderr.WriteLine($"Evaluating {string.Join(", ", regs)} over {n} trials (seeds {options.Seed}..{options.Seed + n - 1}, c = {options.RelativeWeight})...");
            var outcome = TrialRunner.Run(data, n, regs, options, r.GetValue(settings.MetricPoints), stderr, kinds);
            r.InvocationConfiguration.Output.Write(Table(outcome));
            if (r.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, Json(outcome, options).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
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
        sb.AppendLine("| regularizer | " + string.Join(" | ", r.Present.Select(m => m.Label)) + " |");
        sb.AppendLine("|---|" + string.Concat(r.Present.Select(_ => "---|")));
        foreach (var reg in r.Scores.Keys)
        {
            var cells = r.Present.Select(m =>
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
        var results = Table3Report.Results(r);
        return new JsonObject
        {
            ["trials"] = r.Trials,
            ["base_seed"] = r.BaseSeed,
            ["relative_weight"] = options.RelativeWeight,
            ["results"] = results,
        };
    }
}
