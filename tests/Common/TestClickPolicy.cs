namespace ExpO.Tests.Common;

/// <summary>
/// How the test participants (API client and browser driver) pick a click: usually the item whose shown change is
/// closest to the remaining gap, sometimes a random one so a condition cannot loop for ever. A test driver, not the
/// paper's agent (that one belongs in Shared with the simulated-participant issue).
/// </summary>
public static class TestClickPolicy
{
    /// <summary>The 1-based item to click and the direction toward the target.</summary>
    public static (int Item, string Direction) Choose(IReadOnlyList<double> shownChangesDollars, double gapDollars, Random rng)
    {
        int index = rng.NextDouble() < 0.3
            ? rng.Next(shownChangesDollars.Count)
            : Enumerable.Range(0, shownChangesDollars.Count).MinBy(i => Math.Abs(shownChangesDollars[i] - Math.Abs(gapDollars)));
        return (index + 1, gapDollars > 0 ? "+" : "-");
    }
}
