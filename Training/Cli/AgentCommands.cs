using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExpO.Shared.Agents;
using ExpO.Shared.Bundles;
using ExpO.Shared.Inference;

namespace ExpO.Training.Cli;

/// <summary>`agent sweep` (the paper's Figure 8, in-process) and `agent play` (agents in a running study, over HTTP).</summary>
public static class AgentCommands
{
    public const string Usage = """
          dotnet run --project Training -c Release -- agent sweep [--models models/] [--lambdas 0,0.5,1,2,5,10,15,20] [--episodes 2000]
                     [--seed S] [--cap 500] [--sampling bank|fresh] [--json OUT] [--svg PLOT] [--none none] [--expo expo]
          dotnet run --project Training -c Release -- agent play --server URL --participants N --lambda L
                     [--seed S] [--concurrency K] [--cap 500] [--models models/]
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => args switch
    {
        ["sweep", .. var rest] => Sweep(new Arguments(rest, new HashSet<string> { "--models", "--lambdas", "--episodes", "--seed", "--cap", "--sampling", "--json", "--svg", "--none", "--expo" }), stdout, stderr),
        ["play", .. var rest] => AgentPlay.Run(new Arguments(rest, new HashSet<string> { "--server", "--participants", "--lambda", "--seed", "--concurrency", "--cap", "--models" }), stdout, stderr),
        _ => throw new UsageException("'agent' takes 'sweep' or 'play'."),
    };

    /// <summary>The two bundles from a models folder, by name; a missing folder or name is a usage error.</summary>
    internal static (ModelBundle None, ModelBundle Expo) LoadModels(Arguments a)
    {
        string folder = a.Text("--models") ?? "models";
        if (!Directory.Exists(folder)) throw new UsageException($"--models '{folder}' is not a folder.");
        var bundles = ModelBundleFile.LoadFolder(folder);
        ModelBundle Find(string option, string fallback)
        {
            string name = a.Text(option) ?? fallback;
            return bundles.TryGetValue(name, out var b) ? b
                : throw new UsageException($"{option} '{name}': the folder '{folder}' has no such bundle (it has {string.Join(", ", bundles.Keys)}).");
        }
        return (Find("--none", "none"), Find("--expo", "expo"));
    }

    static int Sweep(Arguments a, TextWriter stdout, TextWriter stderr)
    {
        var lambdas = Lambdas(a.Text("--lambdas") ?? "0,0.5,1,2,5,10,15,20");
        var options = new SweepOptions
        {
            Lambdas = lambdas,
            Episodes = a.WholeNumber("--episodes", 2000, 1, 1_000_000),
            Seed = a.WholeNumber("--seed", 0, 0, int.MaxValue),
            StepCap = a.WholeNumber("--cap", AgentEpisode.DefaultStepCap, 1, 1_000_000),
            FreshSampling = (a.Text("--sampling") ?? "bank") switch
            {
                "bank" => false,
                "fresh" => true,
                var s => throw new UsageException($"--sampling takes bank or fresh, not '{s}'."),
            },
        };
        string? json = a.Text("--json"), svg = a.Text("--svg");
        foreach (var (option, path) in new[] { ("--json", json), ("--svg", svg) })
            if (path is not null && Directory.Exists(path)) throw new UsageException($"{option} '{path}' is a folder; give a file name.");
        var (none, expo) = LoadModels(a);

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

    static IReadOnlyList<double> Lambdas(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UsageException("--lambdas needs at least one value, e.g. --lambdas 0,2,10.");
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v : throw new UsageException($"--lambdas takes numbers of at least 0, not '{p}'.")).ToList();
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

    /// <summary>The issue's JSON: {"episodes":N,"lambdas":[{"lambda":0,"none":{"mean","ci95","capped"},"expo":{...},"p"}, ...]}.</summary>
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
