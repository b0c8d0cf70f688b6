using ExpO.Training.Data;

namespace ExpO.Training.Evaluation;

/// <summary>
/// Picks study start points from the held-out test rows. The study asks participants to raise the price by one
/// target SD, so only houses whose true price is at most half an SD above the mean qualify: their target stays
/// inside the range of real prices. The choice depends on the split alone, so every model trained on the same
/// split gets the same start points.
/// </summary>
public static class StartPoints
{
    public const double MaxStandardizedPrice = 0.5;

    public static IReadOnlyList<IReadOnlyList<double>> Choose(DataSplit split, int count = 20) =>
        Enumerable.Range(0, split.Test.Rows)
            .Where(i => split.Test.Y[i] <= MaxStandardizedPrice)
            .Take(count)
            .Select(i => (IReadOnlyList<double>)split.Test.Row(i).Select(v => Math.Round(v, 6)).ToArray())
            .ToArray();
}
