using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ExpO.Server.Analysis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace ExpO.Server.Admin;

/// <summary>
/// The analysis as one download: report.json (analyze's JSON), report.md (the page's figures and tests in words) and
/// each chart as an SVG file, in a zip named with the data set, the settings version and the outlier rule.
/// </summary>
public sealed partial class AnalysisDownload(IServiceProvider services, ILoggerFactory logs)
{
    /// <summary>E.g. expo-analysis-live-all-versions-threshold-150.zip.</summary>
    public static string FileName(AnalysisForm form) =>
        $"expo-analysis-{Safe(form.Dataset)}-{(form.SettingsVersion is { } v ? $"v{v}" : "all-versions")}-{form.Rule!.Label}.zip";

    public async Task<byte[]> ZipAsync(AnalysisReport report, AnalysisForm form)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var figures = AnalysisFigures.Of(report, form.Log);
            Add(zip, "report.json", AnalysisJson.From(report).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            Add(zip, "report.md", Markdown(report, form, figures));
            foreach (var f in figures) Add(zip, f.Name + ".svg", await SvgAsync(f));
        }
        return memory.ToArray();
    }

    static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    /// <summary>The page's own chart component, rendered to a standalone SVG with its colours inline.</summary>
    async Task<string> SvgAsync(AnalysisFigure f)
    {
        await using var renderer = new HtmlRenderer(services, logs);
        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<BarChart>(ParameterView.FromDictionary(
            new Dictionary<string, object?>
            {
                [nameof(BarChart.Title)] = f.Title,
                [nameof(BarChart.Labels)] = f.Labels,
                [nameof(BarChart.Series)] = f.Series,
                [nameof(BarChart.Log)] = f.Log,
            }))).ToHtmlString());
        var svg = Svg().Match(html).Value;
        const string Style = "<style>.axis{font:10px sans-serif;fill:#595959}.bar-0{fill:#1d4ed8}.bar-1{fill:#9a3412}.bar-2{fill:#6b7280}</style>";
        var legend = string.Join(", ", f.Series.Select((s, i) => $"{s.Name}: {Colours[i % Colours.Length]}"));
        var standalone = svg.Replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", StringComparison.Ordinal)
            .Replace("</svg>", $"<desc>{System.Net.WebUtility.HtmlEncode(legend)}</desc></svg>", StringComparison.Ordinal);
        return standalone.Insert(standalone.IndexOf('>') + 1, Style);
    }

    /// <summary>The bars' colours as admin.css draws them (.bar-0, .bar-1, .bar-2), for the SVG's description.</summary>
    static readonly string[] Colours = ["blue", "brown", "grey"];

    static string Markdown(AnalysisReport r, AnalysisForm form, IReadOnlyList<AnalysisFigure> figures)
    {
        static string F(double? v) => Statistic.Text(v);
        var s = r.Steps;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# ExpO study analysis: {form.Dataset}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Data: {form.Dataset}; settings version: {(form.SettingsVersion is { } v ? v.ToString(CultureInfo.InvariantCulture) : "all")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Outlier rule: {form.Rule!.Label}{(form.Simulated ? "; simulated participants included" : "")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Participants: {r.ParticipantsKept} of {r.ParticipantsTotal} kept");
        foreach (var d in r.Dropped) md.AppendLine(CultureInfo.InvariantCulture, $"  - dropped `{d.Id}`: {d.Reason}");
        foreach (var x in r.IrregularRows) md.AppendLine(CultureInfo.InvariantCulture, $"  - irregular row, {x}");
        md.AppendLine().AppendLine("## Steps per round, ExpO against None").AppendLine();
        md.AppendLine("| | mean | median | rounds |").AppendLine("|---|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ExpO | {F(s.Expo.Mean)} | {F(s.Expo.Median)} | {s.Expo.N} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| None | {F(s.None.Mean)} | {F(s.None.Median)} | {s.None.N} |").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Student's t = {F(s.StudentT?.T)}, {PValue.Equation(s.StudentT?.PValue)} (the original test)");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Welch's t = {F(s.WelchT?.T)}, {PValue.Equation(s.WelchT?.PValue)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Cohen's d = {F(s.CohensD?.D)}, 95% CI [{F(s.CohensD?.Low)}, {F(s.CohensD?.High)}]");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Paired t = {F(s.PairedT?.T)}, {PValue.Equation(s.PairedT?.PValue)}; Wilcoxon signed-rank {PValue.Equation(s.Wilcoxon?.PValue)}");
        md.AppendLine().AppendLine("## Preferences").AppendLine();
        md.AppendLine("| | ExpO | None | no preference | chi-squared | p |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, c) in new[] { ("more useful", r.Usefulness), ("better matched", r.Expectation) })
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {c.Expo} | {c.None} | {c.NoPreference} | {F(c.ChiSquared?.Statistic)} | {PValue.Cell(c.ChiSquared?.PValue)} |");
        md.AppendLine().AppendLine("## Figures").AppendLine();
        foreach (var f in figures) md.AppendLine(CultureInfo.InvariantCulture, $"![{f.Title}]({f.Name}.svg)").AppendLine();
        return md.ToString();
    }

    static string Safe(string name) => Unsafe().Replace(name, "-");

    [GeneratedRegex("<svg[\\s\\S]*</svg>")]
    private static partial Regex Svg();

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();
}
