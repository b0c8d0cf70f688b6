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

    /// <summary>"+" or "-" as sent by clients; anything else is not a direction.</summary>
    public static bool TryParseDirection(string? text, out Direction direction)
    {
        direction = text switch { "+" => Direction.Up, "-" => Direction.Down, _ => 0 };
        return direction != 0;
    }

    /// <summary>"A" (left) or "B" (right); anything else is not a condition.</summary>
    public static bool IsCondition(string? text) => text is "A" or "B";

    public static bool TryParsePreference(string? text, out Preference p)
    {
        p = text switch { "A" => Preference.A, "B" => Preference.B, "same" => Preference.Same, _ => (Preference)99 };
        return p is Preference.A or Preference.B or Preference.Same;
    }
}
