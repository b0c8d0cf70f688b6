using System.Globalization;
using System.Text.Json;
using ExpO.Migrations;
using ExpO.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Analysis;

/// <summary>
/// `analyze`: the analysis page's statistics for scripts and CI, without starting the web host. Reads a published-
/// format file or a participants export (--input, --format published|csv), a dataset imported on the analysis page
/// (--dataset NAME) or the configured study database; prints
/// one JSON object (--json) or a short report on stdout; messages go to stderr. Exit 0, 1 for a bad data file or database, 2 for a bad command line.
/// </summary>
public static class AnalyzeCommand
{
    public const string Verb = "analyze";

    const string Usage = "usage: analyze [--input FILE [--format published|csv] | --dataset NAME] [--threshold STEPS | --percentile Q] [--settings-version N] [--include-simulated] [--json] [--Database:Path=FILE]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        string? input = null, format = "published", dataset = null;
        var rule = new OutlierRule();
        bool json = false;
        long? version = null;
        var settings = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--input": input = Value(); if (input is null) return Fail(stderr, 2, "--input needs a file."); break;
                case "--format": format = Value(); break;
                case "--dataset": dataset = Value(); if (dataset is null) return Fail(stderr, 2, "--dataset needs the name of an imported dataset."); break;
                case "--threshold" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0:
                    rule = rule with { StepThreshold = t, Percentile = null }; break;
                case "--threshold": return Fail(stderr, 2, "--threshold takes a whole number of steps above 0, e.g. --threshold 150.");
                case "--percentile" when double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q is > 0 and <= 100:
                    rule = rule with { Percentile = q, StepThreshold = null }; break;
                case "--percentile": return Fail(stderr, 2, "--percentile takes a number above 0 and at most 100, e.g. --percentile 99.");
                case "--settings-version" when long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0:
                    version = v; break;
                case "--settings-version": return Fail(stderr, 2, "--settings-version takes a version number from the settings page, e.g. --settings-version 2.");
                case "--include-simulated": rule = rule with { IncludeSimulated = true }; break;
                case "--json": json = true; break;
                case var a when a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='): settings.Add(a); break;
                default: return Fail(stderr, 2, $"unknown argument \"{args[i]}\". {Usage}");
            }
        }
        if (DatasetFiles.Parse(format) is not { } fileFormat) return Fail(stderr, 2, $"--format takes published or csv, not \"{format}\". {Usage}");
        if (input is not null && dataset is not null) return Fail(stderr, 2, $"--input and --dataset each name the data; give one. {Usage}");

        IReadOnlyList<ParticipantRecord> records;
        try
        {
            records = input is not null ? ReadFile(input, fileFormat) : await ReadDatabaseAsync(settings.ToArray(), dataset, ct);
        }
        catch (DatasetFormatException e) { return Fail(stderr, 1, $"{input ?? dataset}: {e.Message}"); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException
            or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail(stderr, 1, e.Message);
        }
        if (version is { } only)
        {
            records = records.Where(r => r.SettingsVersion == only).ToList();
            if (records.Count == 0) return Fail(stderr, 1, $"no finished participant entered under settings version {only}.");
        }
        var report = StudyAnalysis.Run(records, rule);
        if (json) stdout.WriteLine(AnalysisJson.From(report).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        else AnalysisText.Write(stdout, report);
        return 0;
    }

    /// <summary>The original study's published file, or the researchers' participants export (csv).</summary>
    static IReadOnlyList<ParticipantRecord> ReadFile(string path, Migrations.Entities.DatasetFormat format)
    {
        using var reader = new StreamReader(path);
        return DatasetFiles.Read(format, reader);
    }

    /// <summary>The configured study database (appsettings.json, environment, --Database:Path=...), read only: its live
    /// participants, or the dataset imported under <paramref name="dataset"/>.</summary>
    static async Task<IReadOnlyList<ParticipantRecord>> ReadDatabaseAsync(string[] settings, string? dataset, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(settings);
        var path = DatabaseOptions.Read(builder.Configuration).FullPath(builder.Environment.ContentRootPath);
        // Opening a missing file would create an empty database: say so instead, and change nothing.
        if (!File.Exists(path)) throw new FileNotFoundException($"There is no study database at {path} (set Database:Path).");
        var options = new DbContextOptionsBuilder<StudyDbContext>().UseSqlite(DatabaseExtensions.SqliteConnection(path) + ";Mode=ReadOnly").Options;
        await using var db = new StudyDbContext(options);
        if (dataset is null || dataset == ImportedDatasets.LiveName) return await StudyRecords.LoadAsync(db, ct);
        return await new ImportedDatasets(db, new WriteGate(serialize: false), TimeProvider.System).RecordsAsync(dataset, ct)
            ?? throw new InvalidDataException($"There is no imported dataset named \"{dataset}\" in {path}.");
    }

    static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"analyze: {message}");
        return code;
    }
}
