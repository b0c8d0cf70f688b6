using ExpO.Training.Evaluation;

namespace ExpO.Training.Tests;

/// <summary>The Table 3 results file that several worker processes add to at once.</summary>
public sealed class TrialRecordsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("expo-trials-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static TrialRecord Record(int writer, int trial) =>
        new($"d{writer}", "none", trial, trial, "settings", 0.5, 0.1, 0.2, 0.3, null, null, null, 10, 1.5);

    [Fact]
    public void Writers_appending_at_once_lose_no_trial_and_cut_no_line()
    {
        // A CI run lost one of 12 lines with two workers (stop 29): each writer sought to the end it saw on opening, and
        // the later write landed over the earlier one. Eight writers of 40 trials make the overlap near certain.
        var path = Path.Combine(_dir, "r.jsonl");
        const int Writers = 8, Trials = 40;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, w =>
        {
            for (int t = 0; t < Trials; t++) TrialRecords.Append(path, Record(w, t));
        });

        var records = TrialRecords.Read(path);
        Assert.Equal(Writers * Trials, records.Count);
        Assert.Equal(Writers * Trials, records.Select(r => (r.Dataset, r.Trial)).Distinct().Count());
    }
}
