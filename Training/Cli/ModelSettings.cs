using System.CommandLine;
using System.Globalization;
using ExpO.Shared.Science.CommandLine;
using ExpO.Training.Data;
using ExpO.Training.Evaluation;
using ExpO.Training.Model;

namespace ExpO.Training.Cli;

/// <summary>The options `train` and `evaluate` share: the data, the seed, the network and its stopping rule.</summary>
internal sealed class ModelSettings
{
    public readonly Option<string?> Data = new("--data") { Description = "a CSV in the housing file's shape (data/housing.csv), with the housing study's training settings" };
    public readonly Option<int> Seed = CliOptions.WholeNumber("--seed", "the split's and the network's seed", 0, 0, int.MaxValue / 2);
    // 0.005: the relative weight c tuned for housing (docs/results/housing.md).
    public readonly Option<double> Weight = CliOptions.Number("--weight",
        "the regularizer's relative weight c: its absolute weight is set once at the start to c times the main loss (with --dataset: the authors' c for it)", 0.005, 1e-9, 1e3);
    public readonly Option<IReadOnlyList<int>> Hidden = CliOptions.List<int>("--hidden", "hidden layer widths (with --dataset: the authors' network for it)", "100,100,100,100,100",
        p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v is >= 1 and <= 4096 ? v : (int?)null, "layer widths from 1 to 4096");
    public readonly Option<int> MaxEpochs = CliOptions.WholeNumber("--max-epochs", "upper bound on epochs (early stopping usually ends sooner)", 2000, 1, 1_000_000);
    public readonly Option<int> Patience = CliOptions.WholeNumber("--patience", "epochs without a better validation loss before stopping", 50, 1, 1_000_000);
    public readonly Option<int?> MetricPoints = CliOptions.OptionalWholeNumber("--metric-points", "score LIME on the first N test points only (default: all)", 1, int.MaxValue);

    /// <summary>Adds the shared options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Data, Seed, Weight, Hidden, MaxEpochs, Patience, MetricPoints })
            command.Options.Add(option);
    }

    /// <summary>
    /// The training options for <paramref name="regularizer"/>: the housing study's defaults, or with a dataset the
    /// authors' tuned settings for it (UciDatasets); an option given on the command line wins over either.
    /// </summary>
    public TrainingOptions Read(ParseResult r, string regularizer, DatasetSettings? dataset = null)
    {
        bool Given(Option option) => r.GetResult(option) is { Implicit: false };
        var o = dataset is null
            ? new TrainingOptions { Regularizer = regularizer, RelativeWeight = r.GetValue(Weight), HiddenSizes = r.GetRequiredValue(Hidden), Patience = r.GetValue(Patience) }
            : TableSettings.ForDataset(dataset, regularizer, r.GetValue(Seed), r.GetValue(MaxEpochs));
        return o with
        {
            Seed = r.GetValue(Seed),
            MaxEpochs = r.GetValue(MaxEpochs),
            RelativeWeight = Given(Weight) ? r.GetValue(Weight) : o.RelativeWeight,
            HiddenSizes = Given(Hidden) ? r.GetRequiredValue(Hidden) : o.HiddenSizes,
            Patience = Given(Patience) ? r.GetValue(Patience) : o.Patience,
        };
    }

    /// <summary>Datasets of the paper's Table 3 by name (data/NAME.csv): one for `train`, a list or "all" for `evaluate`.</summary>
    public static Option<IReadOnlyList<DatasetSettings>?> Datasets(string name, bool many)
    {
        string names = string.Join(", ", UciDatasets.All.Select(d => d.Name));
        var option = new Option<IReadOnlyList<DatasetSettings>?>(name)
        {
            Description = many ? $"datasets of the paper's Table 3, comma-separated, or all ({names})" : $"one dataset of the paper's Table 3 ({names})",
        };
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var parts = text == "all" && many ? UciDatasets.All.Select(d => d.Name).ToArray() : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || (!many && parts.Length > 1) || parts.Any(p => UciDatasets.Find(p) is null))
            {
                r.AddError($"Option '{name}' takes {(many ? "names from" : "one of")} {names}{(many ? " (or all)" : "")}, not '{text}'.");
                return null;
            }
            return parts.Distinct().Select(p => UciDatasets.Find(p)!).ToArray();
        };
        return option;
    }
}
