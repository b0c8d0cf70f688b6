using System.Text.Json;
using System.Text.Json.Serialization;
using ExpO.Shared.Science.Explanations;
using ExpO.Training.Data;
using ExpO.Training.Model;

namespace ExpO.Training.Evaluation;

/// <summary>What a Table 3 run is made with; a results file written with other settings is not resumed.</summary>
public sealed record TableSettings(IReadOnlyList<string> Regularizers, IReadOnlyList<ExplainerKind> Explainers, int BaseSeed,
    int MaxEpochs, int? MetricPoints, int? LimeSampleSets = null)
{
    /// <summary>The settings as one line of text, stored with every trial.</summary>
    public string Fingerprint => string.Join(';', "explainers=" + string.Join(',', Explainers.Order()), $"seed={BaseSeed}",
        $"max-epochs={MaxEpochs}", $"metric-points={MetricPoints?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}")
        + (LimeSampleSets is int sets ? $";lime-sample-sets={sets}" : "");

    /// <summary>The authors' training settings for this dataset and regularizer (UciDatasets), with our seed.</summary>
    public TrainingOptions Training(DatasetSettings dataset, string regularizer, int seed) => ForDataset(dataset, regularizer, seed, MaxEpochs);

    /// <summary>The authors' training settings for a dataset (network, c, batches, stopping rule), with our seed.</summary>
    public static TrainingOptions ForDataset(DatasetSettings dataset, string regularizer, int seed, int maxEpochs) => new()
    {
        Regularizer = regularizer,
        Seed = seed,
        HiddenSizes = dataset.HiddenSizes,
        RelativeWeight = dataset.WeightFor(regularizer),
        LearningRate = UciDatasets.LearningRate,
        BatchSize = UciDatasets.BatchSize,
        RegularizerBatchSize = UciDatasets.RegularizerBatchSize,
        Patience = UciDatasets.Patience,
        MinEpochs = UciDatasets.MinEpochs,
        StopOnTotalLoss = true,
        MaxEpochs = maxEpochs,
    };
}

/// <summary>One finished trial of one regularizer on one dataset: a line of the results file.</summary>
public sealed record TrialRecord(string Dataset, string Regularizer, int Trial, int Seed, string Settings, double Mse,
    double? LimePf, double? LimeNf, double? LimeS, double? MaplePf, double? MapleNf, double? MapleS, int Epochs, double Seconds)
{
    /// <summary>The scores as the summaries take them (not a field of the file).</summary>
    [JsonIgnore]
    public ModelScores Scores => new(Mse,
        LimePf is { } lp ? new ExplanationQuality(lp, LimeNf!.Value, LimeS!.Value) : null,
        MaplePf is { } mp ? new ExplanationQuality(mp, MapleNf!.Value, MapleS!.Value) : null);
}

/// <summary>The results file: one JSON line per finished trial, appended as each finishes, so a stopped run resumes.</summary>
public static class TrialRecords
{
    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The trials the file holds (none when it does not exist); a line that does not read names its number.</summary>
    public static IReadOnlyList<TrialRecord> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var records = new List<TrialRecord>();
        int number = 0;
        var lines = File.ReadAllText(path).Split('\n');
        // Each trial is written as one line with its newline; text after the last newline is a trial cut short by a
        // kill while it was written, and counts as not done.
        foreach (var line in lines[..^1])
        {
            number++;
            if (line.Trim().Length == 0) continue;
            try
            {
                records.Add(JsonSerializer.Deserialize<TrialRecord>(line, Json) ?? throw new JsonException("empty"));
            }
            catch (JsonException e)
            {
                throw new DataFileException($"{path}:{number}: not a trial record ({e.Message}); only the last line of a stopped run can be cut short, so this file was changed by hand.");
            }
        }
        return records;
    }

    /// <summary>Cuts off a trial cut short by a kill (text after the last newline), so that the next trial starts a
    /// line of its own; returns whether there was one.</summary>
    public static bool DropUnfinishedLine(string path)
    {
        if (!File.Exists(path)) return false;
        var bytes = File.ReadAllBytes(path);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end == bytes.Length) return false;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(end);
        return true;
    }

    /// <summary>Appends one trial as one write, holding the file alone while it writes: .NET's FileMode.Append seeks to
    /// the end once at opening (no O_APPEND), so two workers opening at once wrote over each other's line.</summary>
    public static void Append(string path, TrialRecord record)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        using var file = OpenAlone(path);
        file.Seek(0, SeekOrigin.End);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Opens the file for writing with no other writer (an advisory lock on Unix), waiting for one that has it;
    /// a write takes milliseconds, so 30 s of waiting means something else holds the file.</summary>
    static FileStream OpenAlone(string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
            }
            catch (IOException) when (File.Exists(path) && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(Random.Shared.Next(1, 10));
            }
        }
    }
}

/// <summary>Runs one trial of one dataset: a seeded split, then each regularizer trained and scored on it.</summary>
public static class TableTrial
{
    public static void Run(DatasetSettings dataset, Dataset data, int trial, TableSettings settings, string resultsPath, TextWriter progress)
    {
        int seed = settings.BaseSeed + trial;
        var split = DataSplit.Create(data, seed);
        foreach (var regularizer in settings.Regularizers)
        {
            var options = settings.Training(dataset, regularizer, seed);
            var model = Trainer.Train(split, options);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var s = ModelEvaluation.Score(model.Layers, options.NegativeSlope, split, seed, settings.Explainers, maxPoints: settings.MetricPoints,
                limeSampleSets: settings.LimeSampleSets);
            TrialRecords.Append(resultsPath, new TrialRecord(dataset.Name, regularizer, trial, seed, settings.Fingerprint, s.TestMse,
                s.Lime?.PointFidelity, s.Lime?.NeighborhoodFidelity, s.Lime?.Stability,
                s.Maple?.PointFidelity, s.Maple?.NeighborhoodFidelity, s.Maple?.Stability, model.Epochs, model.Seconds + clock.Elapsed.TotalSeconds));
            progress.WriteLine(System.FormattableString.Invariant(
                $"{dataset.Name} trial {trial + 1} {regularizer,-10} mse {s.TestMse:G3}  lime-nf {s.Lime?.NeighborhoodFidelity:G3}  maple-nf {s.Maple?.NeighborhoodFidelity:G3}  ({model.Epochs} epochs, train {model.Seconds:F0} s, score {clock.Elapsed.TotalSeconds:F0} s)"));
        }
    }
}
