namespace ExpO.Shared.Science.Explanations;

/// <summary>
/// A local linear explanation: prediction ~ Intercept + sum_i Coefficients[i] * z_i, with z the point in the
/// explainer's scaled units (standardized feature units for our models). Coefficients[i] is the expected change
/// of the prediction when feature i goes up by one unit.
/// </summary>
public sealed record Explanation(
    double Intercept,
    double[] Coefficients,
    // Kernel-weighted R^2 of the local fit on LIME's samples.
    double Score,
    // The local model's value at the explained point.
    double LocalPrediction,
    // The model's own prediction at the explained point.
    double ModelPrediction,
    int Seed)
{
    public double Predict(ReadOnlySpan<double> scaledPoint)
    {
        double y = Intercept;
        for (int i = 0; i < Coefficients.Length; i++) y += Coefficients[i] * scaledPoint[i];
        return y;
    }
}
