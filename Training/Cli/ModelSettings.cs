using System.CommandLine;
using System.Globalization;
using ExpO.Shared.Science.CommandLine;
using ExpO.Training.Model;

namespace ExpO.Training.Cli;

/// <summary>The options `train` and `evaluate` share: the data, the seed, the network and its stopping rule.</summary>
internal sealed class ModelSettings
{
    public readonly Option<string> Data = new("--data") { Description = "the housing CSV (data/housing.csv)", Required = true };
    public readonly Option<int> Seed = CliOptions.WholeNumber("--seed", "the split's and the network's seed", 0, 0, int.MaxValue / 2);
    // 0.005: the relative weight c tuned for housing (docs/results/housing.md).
    public readonly Option<double> Weight = CliOptions.Number("--weight",
        "the regularizer's relative weight c: its absolute weight is set once at the start to c times the main loss", 0.005, 1e-9, 1e3);
    public readonly Option<IReadOnlyList<int>> Hidden = CliOptions.List<int>("--hidden", "hidden layer widths", "100,100,100,100,100",
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

    /// <summary>The training options the command line gives, for <paramref name="regularizer"/>.</summary>
    public TrainingOptions Read(ParseResult r, string regularizer) => new()
    {
        Regularizer = regularizer,
        Seed = r.GetValue(Seed),
        RelativeWeight = r.GetValue(Weight),
        HiddenSizes = r.GetRequiredValue(Hidden),
        MaxEpochs = r.GetValue(MaxEpochs),
        Patience = r.GetValue(Patience),
    };
}
