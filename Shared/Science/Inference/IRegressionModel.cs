namespace ExpO.Shared.Science.Inference;

/// <summary>A model that maps rows of standardized features to one standardized output, in batches.</summary>
public interface IRegressionModel
{
    int InputSize { get; }

    /// <summary>Predicts outputs.Length rows; inputs holds them row-major, InputSize values each.</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs);
}
