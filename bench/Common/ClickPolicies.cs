using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Bench;

/// <summary>
/// A quick test participant: usually the item whose shown change is closest to the remaining gap to the target,
/// sometimes (30%) a random one so a side cannot loop for ever. Not the paper's agent (that one is
/// GreedySoftmaxPolicy, a softmax policy with a greediness parameter).
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
