using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;

namespace ExpO.Shared.Science.Agents;

/// <summary>
/// The agent as a participant: the same <see cref="GreedySoftmaxPolicy"/> on what the page shows. The page gives
/// dollars and hides the signs, so the shown changes and the distance to the target are divided by the dollars in one
/// standardized price unit (the bundle's target SD), which is what the offline sweep scores in; "+" or "-" follows
/// where the target lies, which is the move the explanation predicts goes toward it.
/// </summary>
public sealed class SoftmaxClickPolicy(GreedySoftmaxPolicy policy, double dollarsPerTargetSd) : IClickPolicy
{
    public (int Item, Direction Direction) Choose(ConditionView view, Random rng)
    {
        double gap = Math.Abs(view.TargetDollars - view.PriceDollars) / dollarsPerTargetSd;
        var magnitudes = view.Items.Select(i => i.ExpectedChangeDollars / dollarsPerTargetSd).ToArray();
        int index = policy.ChooseItem(gap, magnitudes, rng);
        return (view.Items[index].Number, GreedySoftmaxPolicy.MoveUp(view.PriceDollars, view.TargetDollars) ? Direction.Up : Direction.Down);
    }

    /// <summary>The agent's stated answer rule: the side it finished in fewer steps ("same" on a tie).</summary>
    public static Preference FewerSteps(int stepsA, int stepsB) =>
        stepsA < stepsB ? Preference.A : stepsB < stepsA ? Preference.B : Preference.Same;
}
