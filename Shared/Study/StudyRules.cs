namespace ExpO.Shared.Study;

/// <summary>The study's rules in one place: what a click does, when a condition is done, how the target is set.</summary>
public static class StudyRules
{
    /// <summary>
    /// "+" on item i moves x_i by sign(c_i) * step, so the explanation predicts the price goes up by |c_i|;
    /// "-" moves it the other way. The sign stays hidden from participants. A zero coefficient counts as positive.
    /// </summary>
    public static double[] ApplyMove(IReadOnlyList<double> point, int itemIndex, double coefficient, Direction direction, double step)
    {
        if (itemIndex < 0 || itemIndex >= point.Count) throw new ArgumentOutOfRangeException(nameof(itemIndex));
        var next = point.ToArray();
        next[itemIndex] += CoefficientSign(coefficient) * (int)direction * step;
        return next;
    }

    public static int CoefficientSign(double coefficient) => coefficient < 0 ? -1 : 1;

    public static double Target(double startPrediction, StudySettings s) => startPrediction + s.TargetOffset;

    public static bool IsDone(double prediction, double target, StudySettings s) => Math.Abs(prediction - target) < s.Tolerance;
}
