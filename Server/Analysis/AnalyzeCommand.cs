using System.CommandLine;
using System.Text.Json;
using ExpO.Server.Data;
using ExpO.Shared.Science.CommandLine;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Analysis;

/// <summary>
/// `analyze`: the analysis page's statistics for scripts and CI, without starting the web host. Reads a published-
/// format file or a participants export (--input, --format published|csv), a dataset imported on the analysis page
/// (--dataset NAME) or the configured study database; prints
/// one JSON object (--json) or a short report on stdout; messages go to stderr.
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>The verb, with its options and help text.</summary>
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "a published-format file or a participants export" };
        var format = CliOptions.Choice("--format", "the --input file's format: published or csv", "published", "published", "csv");
        var dataset = new Option<string?>("--dataset") { Description = "a dataset imported on the analysis page, by name" };
        var threshold = CliOptions.OptionalWholeNumber("--threshold", "drop participants above this many steps in a round", 1, int.MaxValue);
        var percentile = CliOptions.OptionalNumber("--percentile", "drop participants above this percentile of steps", q => q is > 0 and <= 100,
            "a number above 0 and at most 100");
        var version = CliOptions.OptionalWholeNumber("--settings-version", "only participants who entered under this settings version", 1, int.MaxValue);
        var simulated = new Option<bool>("--include-simulated") { Description = "keep the simulated participants (agents)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of the report" };
        var study = new Option<string?>("--study") { Description = "the study whose participants to analyse, by link name (default: the default study)" };
        var command = new Command("analyze", "The analysis page's statistics for scripts and CI (settings as --Database:Path=FILE).")
        {
            input, format, dataset, threshold, percentile, version, simulated, json, study,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (r, ct) =>
        {
            var settings = DatabaseOptions.VerbSettings(r.UnmatchedTokens);
            if (r.GetValue(input) is not null && r.GetValue(dataset) is not null)
                throw new UsageException("--input and --dataset each name the data; give one.");
            var rule = new OutlierRule { IncludeSimulated = r.GetValue(simulated) };
            if (r.GetValue(threshold) is { } t) rule = rule with { StepThreshold = t, Percentile = null };
            if (r.GetValue(percentile) is { } q) rule = rule with { Percentile = q, StepThreshold = null };
            var records = r.GetValue(input) is { } file
                ? ReadFile(file, DatasetFiles.Parse(r.GetRequiredValue(format))!.Value)
                : await ReadDatabaseAsync(VerbDatabase.For(settings), r.GetValue(dataset), r.GetValue(study), ct);
            if (r.GetValue(version) is { } only)
            {
                records = records.Where(p => p.SettingsVersion == only).ToList();
                if (records.Count == 0) throw new InvalidDataException($"no finished participant entered under settings version {only}.");
            }
            var report = StudyAnalysis.Run(records, rule);
            var stdout = r.InvocationConfiguration.Output;
            if (r.GetValue(json)) stdout.WriteLine(AnalysisJson.From(report).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            else AnalysisText.Write(stdout, report);
            return 0;
        });
        return command;
    }

    /// <summary>The original study's published file, or the researchers' participants export (csv).</summary>
    static IReadOnlyList<ParticipantRecord> ReadFile(string path, StudyData.Entities.DatasetFormat format)
    {
        using var reader = new StreamReader(path);
        try
        {
            return DatasetFiles.Read(format, reader);
        }
        catch (DatasetFormatException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The configured study database (appsettings.json, environment, --Database:Path=...), read only: its live
    /// participants, or the dataset imported under <paramref name="dataset"/>.</summary>
    static async Task<IReadOnlyList<ParticipantRecord>> ReadDatabaseAsync(VerbDatabase database, string? dataset, string? study, CancellationToken ct)
    {
        // Opening a missing file would create an empty database: ContextOptions says so instead, and changes nothing.
        await using var db = new StudyDbContext(database.ContextOptions(readOnly: true));
        var path = database.Name;
        if (dataset is null || dataset == ImportedDatasets.LiveName)
        {
            var name = study ?? StudyData.Entities.StudyDefinition.DefaultName;
            var id = await db.Studies.Where(s => s.Name == name).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct)
                ?? throw new UsageException($"there is no study named '{name}' in {path} (study list shows them).");
            return await StudyRecords.LoadAsync(db, id, ct);
        }
        if (study is not null) throw new UsageException("--study chooses among the live participants; an imported --dataset is one study already.");
        return await new ImportedDatasets(db, new WriteGate(serialize: false), TimeProvider.System).RecordsAsync(dataset, ct)
            ?? throw new InvalidDataException($"There is no imported dataset named \"{dataset}\" in {path}.");
    }
}
