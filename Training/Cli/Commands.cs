using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExpO.Shared.Bundles;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using ExpO.Training.Model;
using ExpO.Training.Regularizers;

namespace ExpO.Training.Cli;

/// <summary>The research CLI's verbs: train one bundle, or evaluate regularizers over repeated trials.</summary>
public static class Commands
{
    public const string Usage = """
        ExpO training: train housing models and measure how well LIME explains them.

        Usage:
          dotnet run --project Training -c Release -- train --data PATH --regularizer none|fidelity|fidelity1d|stability
                     --out BUNDLE.bundle.json [--weight C] [--seed N] [--name NAME] [common options]
          dotnet run --project Training -c Release -- evaluate --data PATH --trials N
                     [--regularizers none,fidelity,fidelity1d] [--weight C] [--seed N] [--json OUT] [common options]
        """ + "\n" + AgentCommands.Usage + "\n" + """

        Common options:
          --hidden 100,100,100,100,100   hidden layer widths
          --max-epochs 2000              upper bound on epochs (early stopping, patience --patience 50, usually ends sooner)
          --metric-points N              score LIME on the first N test points only (default: all)
        --weight is the relative weight c of the regularizer (default 0.005, see docs/results/housing.md): its absolute weight is set once at the
        start so that it has c times the weight of the main loss.
        """;

    static readonly HashSet<string> Common = ["--data", "--seed", "--weight", "--hidden", "--max-epochs", "--patience", "--metric-points"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        return args[0] switch
        {
            "train" => Train(new Arguments(args[1..], Allowed("--regularizer", "--out", "--name")), stdout, stderr),
            "evaluate" => Evaluate(new Arguments(args[1..], Allowed("--trials", "--regularizers", "--json")), stdout, stderr),
            "agent" => AgentCommands.Run(args[1..], stdout, stderr),
            _ => throw new UsageException($"Unknown command '{args[0]}'; expected 'train', 'evaluate' or 'agent'."),
        };
    }

    static HashSet<string> Allowed(params string[] extra) => [.. Common, .. extra];

    static TrainingOptions Options(Arguments a, string regularizer) => new()
    {
        Regularizer = regularizer,
        Seed = a.WholeNumber("--seed", 0, 0, int.MaxValue / 2),
        RelativeWeight = a.Number("--weight", 0.005, 1e-9, 1e3),
        HiddenSizes = a.IntList("--hidden", [100, 100, 100, 100, 100]),
        MaxEpochs = a.WholeNumber("--max-epochs", 2000, 1, 1_000_000),
        Patience = a.WholeNumber("--patience", 50, 1, 1_000_000),
    };

    static string CheckRegularizer(string name) => Regularizer.Names.Contains(name)
        ? name
        : throw new UsageException($"Unknown regularizer '{name}'; expected one of {string.Join(", ", Regularizer.Names)}.");

    static int Train(Arguments a, TextWriter stdout, TextWriter stderr)
    {
        string dataPath = a.Required("--data");
        string regularizer = CheckRegularizer(a.Required("--regularizer"));
        string outPath = a.Required("--out");
        var options = Options(a, regularizer);
        int? metricPoints = a.Text("--metric-points") is null ? null : a.WholeNumber("--metric-points", 0, 1);
        string name = a.Text("--name") ?? (regularizer == "none" ? "none" : "expo");
        if (Directory.Exists(outPath)) throw new UsageException($"--out '{outPath}' is a folder; give a file name ending in {ModelBundleFile.Extension}.");

        var data = HousingCsv.Load(dataPath);
        var split = DataSplit.Create(data, options.Seed);
        stderr.WriteLine($"Training '{regularizer}' (c = {options.RelativeWeight}, seed {options.Seed}) on {split.Train.Rows} rows, " +
                         $"validating on {split.Validation.Rows}, testing on {split.Test.Rows}...");
        var model = Trainer.Train(split, options, (epoch, val) =>
        {
            if (epoch % 50 == 0) stderr.WriteLine($"  epoch {epoch,5}  validation MSE {val:F4}");
        });
        stderr.WriteLine($"Stopped after {model.Epochs} epochs (best {model.BestEpoch}, validation MSE {model.ValidationMse:F4}) in {model.Seconds:F1} s. Scoring LIME...");
        var scores = ModelEvaluation.Score(model.Layers, options.NegativeSlope, split, options.Seed, maxPoints: metricPoints);
        var bundle = BundleExporter.Build(name, model, options, split, data, scores, dataPath);
        ModelBundleFile.Save(bundle, outPath);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {outPath}: test MSE {scores.TestMse:F4}, LIME-PF {scores.LimePf:F4}, LIME-NF {scores.LimeNf:F4}, LIME-S {scores.LimeS:F5}, {bundle.StartPoints.Count} start points."));
        return 0;
    }

    static int Evaluate(Arguments a, TextWriter stdout, TextWriter stderr)
    {
        string dataPath = a.Required("--data");
        int trials = a.WholeNumber("--trials", 0, 1, 1000);
        if (a.Text("--trials") is null) throw new UsageException("Option '--trials' is required.");
        var regs = (a.Text("--regularizers") ?? "none,fidelity,fidelity1d").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(CheckRegularizer).Distinct().ToList();
        if (regs.Count == 0) throw new UsageException("Option '--regularizers' needs at least one name.");
        string? jsonPath = a.Text("--json");
        int? metricPoints = a.Text("--metric-points") is null ? null : a.WholeNumber("--metric-points", 0, 1);
        var options = Options(a, "none");

        var data = HousingCsv.Load(dataPath);
        stderr.WriteLine($"Evaluating {string.Join(", ", regs)} over {trials} trials (seeds {options.Seed}..{options.Seed + trials - 1}, c = {options.RelativeWeight})...");
        var results = TrialRunner.Run(data, trials, regs, options, metricPoints, stderr);
        stdout.Write(Table(results));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, Json(results, options).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            stderr.WriteLine($"Wrote {jsonPath}.");
        }
        return 0;
    }

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
