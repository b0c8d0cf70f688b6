using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExpO.Shared.Science.Agents;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.CommandLine;
using ExpO.Shared.Science.Inference;

namespace ExpO.Training.Cli;

/// <summary>`agent sweep`: the paper's Figure 8 in-process, the agent on both bundles over a range of lambdas.</summary>
internal static class AgentSweepCommand
{
    public static Command Create()
    {
        var models = new AgentModels();
        var lambdas = CliOptions.List<double>("--lambdas", "the agent's softmax lambdas", "0,0.5,1,2,5,10,15,20",
            p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v : (double?)null,
            "numbers of at least 0");
        var episodes = CliOptions.WholeNumber("--episodes", "paired episodes per lambda", 2000, 1, 1_000_000);
        var seed = CliOptions.WholeNumber("--seed", "the sweep's seed", 0, 0, int.MaxValue);
        var cap = CliOptions.WholeNumber("--cap", "steps after which an episode is given up", AgentEpisode.DefaultStepCap, 1, 1_000_000);
        var sampling = CliOptions.Choice("--sampling", "bank: a bank of LIME sample sets per model; fresh: new samples at every step", "bank", "bank", "fresh");
        var json = new Option<string?>("--json") { Description = "also write the sweep as JSON to this file" };
        var svg = new Option<string?>("--svg") { Description = "also draw the sweep as an SVG plot to this file" };
        var command = new Command("sweep", "The agent on both bundles over a range of lambdas (the paper's Figure 8).") { lambdas, episodes, seed, cap, sampling, json, svg };
        models.AddTo(command);
        command.SetAction(r =>
        {
            var options = new SweepOptions
            {
                Lambdas = r.GetRequiredValue(lambdas),
                Episodes = r.GetValue(episodes),
                Seed = r.GetValue(seed),
                StepCap = r.GetValue(cap),
                FreshSampling = r.GetValue(sampling) == "fresh",
            };
            string? jsonPath = r.GetValue(json), svgPath = r.GetValue(svg);
            foreach (var (option, path) in new[] { ("--json", jsonPath), ("--svg", svgPath) })
                if (path is not null && Directory.Exists(path)) throw new UsageException($"{option} '{path}' is a folder; give a file name.");
            var (none, expo) = models.Load(r);
            return Sweep(none, expo, options, jsonPath, svgPath, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
        });
        return command;
    }

    static int Sweep(ModelBundle none, ModelBundle expo, SweepOptions options, string? json, string? svg, TextWriter stdout, TextWriter stderr)
    {
        var lambdas = options.Lambdas;
        int total = options.Episodes * lambdas.Count;
        stderr.WriteLine($"Sweeping {lambdas.Count} lambdas x {options.Episodes} episodes on '{none.Name}' and '{expo.Name}' " +
            $"({(options.FreshSampling ? "fresh LIME samples at every step" : $"a bank of {options.SampleSets} LIME sample sets per model")}, cap {options.StepCap}, seed {options.Seed})...");
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        var progress = new Progress<int>(done =>
        {
            // A line a second at most: enough to see it move, few enough to read.
            long now = clock.ElapsedMilliseconds;
            if (done < total && now - Interlocked.Read(ref lastReport) < 1000) return;
            Interlocked.Exchange(ref lastReport, now);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done}/{total} episode pairs, {now / 1000.0:F0} s"));
        });
        var run = AgentSweep.Run(new MlpRuntime(none), new MlpRuntime(expo), none.StartPoints, options, progress);
        var points = run.Points;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {clock.Elapsed.TotalSeconds:F1} s: {run.Explanations} explanations, {run.Explanations / clock.Elapsed.TotalSeconds:F0} a second."));
        stdout.Write(Table(points, options.Episodes));
        if (json is not null)
        {
            File.WriteAllText(json, Json(points, options.Episodes).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            stderr.WriteLine($"Wrote {json}.");
        }
        if (svg is not null)
        {
            File.WriteAllText(svg, SweepPlot.Svg(points, options.Episodes));
            stderr.WriteLine($"Wrote {svg}.");
        }
        return 0;
    }

    /// <summary>Markdown: mean steps [95% CI] of the finished episodes, the capped count, the paired p of ExpO against None.</summary>
    public static string Table(IReadOnlyList<SweepPoint> points, int episodes)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Mean steps per condition over {episodes} paired episodes per lambda [95% CI], capped episodes apart; p = paired t-test, ExpO vs None.");
        sb.AppendLine();
        sb.AppendLine("| lambda | None | ExpO | p |");
        sb.AppendLine("|---|---|---|---|");
        string Side(SweepSide s) => string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F2} [{s.CiLow:F2}, {s.CiHigh:F2}]") +
            (s.Capped > 0 ? $", {s.Capped} capped" : "");
        foreach (var p in points)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Lambda:G} | {Side(p.None)} | {Side(p.Expo)} | {(p.PairedP is { } v ? v.ToString("G3", CultureInfo.InvariantCulture) : "–")} |"));
        return sb.ToString();
    }

    /// <summary>The sweep as JSON: {"episodes":N,"lambdas":[{"lambda":0,"none":{"mean","ci95","capped"},"expo":{...},"p"}, ...]}.</summary>
    public static JsonObject Json(IReadOnlyList<SweepPoint> points, int episodes)
    {
        static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        static JsonObject Side(SweepSide s) => new() { ["mean"] = Number(s.Mean), ["ci95"] = new JsonArray(Number(s.CiLow), Number(s.CiHigh)), ["capped"] = s.Capped };
        return new JsonObject
        {
            ["episodes"] = episodes,
            ["lambdas"] = new JsonArray(points.Select(p => (JsonNode)new JsonObject
            {
                ["lambda"] = p.Lambda,
                ["none"] = Side(p.None),
                ["expo"] = Side(p.Expo),
                ["p"] = p.PairedP is { } v ? Number(v) : null,
            }).ToArray()),
        };
    }
}
