using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ExpO.Shared.Science.CommandLine;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using TorchSharp;

namespace ExpO.Training.Cli;

/// <summary>
/// `evaluate --datasets`: the paper's Table 3. Each (dataset, trial) still missing from the results file runs in a
/// worker process (this program again, `--worker-trial`), --jobs at a time; each worker adds its trials to the file
/// as they finish. The tables are made from the file, so a stopped run started again does only what is missing.
/// </summary>
internal sealed class TableCommandRun(IReadOnlyList<DatasetSettings> datasets, int trials, TableSettings settings, string folder, string resultsPath)
{
    /// <summary>Runs what the results file lacks, <paramref name="jobs"/> at a time (0: nothing), then makes the tables from it.</summary>
    public int Run(int jobs, string? jsonPath, string? markdownPath, TextWriter stdout, TextWriter stderr)
    {
        foreach (var path in new[] { jsonPath, markdownPath, resultsPath })
            if (path is not null && Directory.Exists(path)) throw new UsageException($"'{path}' is a folder; give a file name.");
        foreach (var d in datasets) UciCsv.Load(Path.Combine(folder, d.FileName), d); // a bad file stops the run before any work
        if (jobs > 0 && TrialRecords.DropUnfinishedLine(resultsPath))
            stderr.WriteLine($"The last line of {resultsPath} was a trial cut short; it is dropped and runs again.");
        var records = Records();
        var pending = jobs == 0 ? [] : datasets.SelectMany(d => Enumerable.Range(0, trials).Select(t => (Dataset: d, Trial: t)))
            .Where(u => Missing(records, u.Dataset, u.Trial).Count > 0).ToList();
        stderr.WriteLine($"Table 3: {datasets.Count} datasets x {trials} trials x {settings.Regularizers.Count} regularizers, explainers " +
            $"{string.Join(", ", settings.Explainers).ToLowerInvariant()}; {records.Count} trials in {resultsPath} already, {pending.Count} (dataset, trial) to run, {jobs} at a time...");
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        // In the list's order (datasets as given, trial by trial), not in chunks: a stopped run has finished its first
        // datasets whole rather than a piece of each.
        Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, unit =>
        {
            if (RunWorker(unit.Dataset, unit.Trial, Missing(records, unit.Dataset, unit.Trial), stderr) is { } failure) lock (failures) failures.Add(failure);
        });
        stderr.WriteLine($"Ran {pending.Count} in {clock.Elapsed.TotalMinutes:F1} min.");
        if (failures.Count > 0)
        {
            foreach (var f in failures) stderr.WriteLine($"error: {f}");
            stderr.WriteLine($"The finished trials are kept in {resultsPath}; run the same command again to do the rest.");
            return 1;
        }
        var results = Table3Report.Collect(datasets, trials, settings, Records());
        foreach (var (name, r) in results.Where(x => x.Value.Scores.Values.Any(s => s.Count > 0)))
        {
            stdout.WriteLine($"## {name}");
            stdout.Write(EvaluateCommand.Table(r));
            stdout.WriteLine();
        }
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, Table3Report.Json(results, trials, settings).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            stderr.WriteLine($"Wrote {jsonPath}.");
        }
        if (markdownPath is not null)
        {
            File.WriteAllText(markdownPath, Table3Report.Markdown(results));
            stderr.WriteLine($"Wrote {markdownPath}.");
        }
        return 0;
    }

    /// <summary>One (dataset, trial) in this process, for the regularizers it is given: the ones the run found missing
    /// (a worker does not read the file others are adding to).</summary>
    public int Worker(int trial, TextWriter stderr)
    {
        // Several workers share the cores: one thread each keeps them from fighting over both.
        torch.set_num_threads(1);
        var dataset = datasets[0];
        var data = UciCsv.Load(Path.Combine(folder, dataset.FileName), dataset);
        TableTrial.Run(dataset, data, trial, settings, resultsPath, stderr);
        return 0;
    }

    /// <summary>The results file's trials; one made with other settings is refused, to keep runs apart.</summary>
    IReadOnlyList<TrialRecord> Records()
    {
        var all = TrialRecords.Read(resultsPath);
        var names = datasets.Select(d => d.Name).ToHashSet();
        if (all.FirstOrDefault(x => names.Contains(x.Dataset) && x.Settings != settings.Fingerprint) is { } other)
            throw new UsageException($"{resultsPath} holds trials made with other settings ({other.Settings}, not {settings.Fingerprint}); give another --results file.");
        return all;
    }

    List<string> Missing(IReadOnlyList<TrialRecord> records, DatasetSettings dataset, int trial) =>
        settings.Regularizers.Where(reg => !records.Any(x => x.Dataset == dataset.Name && x.Trial == trial && x.Regularizer == reg)).ToList();

    string? RunWorker(DatasetSettings dataset, int trial, IReadOnlyList<string> regularizers, TextWriter stderr)
    {
        var psi = SelfProcess();
        foreach (var a in new[]
        {
            "evaluate", "--datasets", dataset.Name, "--trials", $"{trials}", "--worker-trial", $"{trial}",
            "--regularizers", string.Join(',', regularizers), "--explainers", string.Join(',', settings.Explainers).ToLowerInvariant(),
            "--seed", $"{settings.BaseSeed}", "--max-epochs", $"{settings.MaxEpochs}", "--data-folder", folder, "--results", resultsPath,
        }) psi.ArgumentList.Add(a);
        foreach (var (option, value) in new[] { ("--metric-points", settings.MetricPoints), ("--lime-sample-sets", settings.LimeSampleSets) })
            if (value is int v)
            {
                psi.ArgumentList.Add(option);
                psi.ArgumentList.Add($"{v}");
            }
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        using var process = Process.Start(psi) ?? throw new IOException("The worker process did not start.");
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (stderr) stderr.WriteLine(line); };
        process.BeginErrorReadLine();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{dataset.Name} trial {trial + 1}: the worker stopped with exit code {process.ExitCode}.";
    }

    /// <summary>This program again: the app host, or dotnet with this assembly.</summary>
    static ProcessStartInfo SelfProcess()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(TableCommandRun).Assembly.Location);
        return psi;
    }
}
