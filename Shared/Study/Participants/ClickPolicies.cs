using ExpO.Shared.Study.Contracts;

namespace ExpO.Shared.Study.Participants;

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
