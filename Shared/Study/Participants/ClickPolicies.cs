using ExpO.Shared.Contracts;
using ExpO.Shared.Study;

namespace ExpO.Shared.Participants;

/// <summary>How a simulated participant picks its next click from what the page shows.</summary>
public interface IClickPolicy
{
    /// <summary>The 1-based item to click and its direction, given one side's view.</summary>
    (int Item, Direction Direction) Choose(ConditionView view, Random rng);
}

/// <summary>The direction that should move the price toward the target range, as the page shows it.</summary>
public static class ClickDirection
{
    public static Direction TowardTarget(ConditionView view) => view.TargetDollars > view.PriceDollars ? Direction.Up : Direction.Down;

    /// <summary>Dollars from the price to the nearest edge of the target range (0 inside it).</summary>
    public static double DistanceToRange(ConditionView view) =>
        view.PriceDollars < view.TargetLowDollars ? view.TargetLowDollars - view.PriceDollars
        : view.PriceDollars > view.TargetHighDollars ? view.PriceDollars - view.TargetHighDollars
        : 0;
}

/// <summary>
/// A quick test participant: usually the item whose shown change is closest to the remaining gap to the target,
/// sometimes (30%) a random one so a side cannot loop for ever. Not the paper's agent (that one is a softmax
/// policy with a greediness parameter and comes with the simulated-participant issue).
/// </summary>
public sealed class ClosestChangePolicy : IClickPolicy
{
    public (int Item, Direction Direction) Choose(ConditionView view, Random rng)
    {
        double gap = Math.Abs(view.TargetDollars - view.PriceDollars);
        int index = rng.NextDouble() < 0.3
            ? rng.Next(view.Items.Count)
            : Enumerable.Range(0, view.Items.Count).MinBy(i => Math.Abs(view.Items[i].ExpectedChangeDollars - gap));
        return (index + 1, ClickDirection.TowardTarget(view));
    }
}

/// <summary>A random item, toward the target: the load bench's participant (every click costs the server the same).</summary>
public sealed class RandomItemPolicy : IClickPolicy
{
    public (int Item, Direction Direction) Choose(ConditionView view, Random rng) =>
        (view.Items[rng.Next(view.Items.Count)].Number, ClickDirection.TowardTarget(view));
}
