using ExpO.Shared.Science.Inference;

namespace ExpO.Shared.Tests;

public class MlpRuntimeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]     // fewer rows than the 4-row kernel
    [InlineData(7)]     // one 4-row block plus leftovers
    [InlineData(64)]    // exactly one row block
    [InlineData(1000)]  // the LIME batch: several blocks, split across cores
    public void Matches_a_plain_double_precision_forward_pass(int rows)
    {
        var layers = TestModels.RandomLayers(11, [100, 100, 100, 100, 100], seed: 7);
        var runtime = new MlpRuntime(layers, 0.2f);
        var x = TestModels.RandomInputs(rows, 11, seed: rows);
        var y = new float[rows];
        runtime.Predict(x, y);
        for (int r = 0; r < rows; r++)
        {
            double expected = TestModels.Reference(layers, 0.2, x.AsSpan(r * 11, 11));
            Assert.True(Math.Abs(y[r] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"row {r}: {y[r]} vs {expected}");
        }
    }

    [Fact]
    public void Widths_that_are_not_a_multiple_of_the_vector_size_work()
    {
        var layers = TestModels.RandomLayers(5, [13, 3, 29], seed: 3);
        var runtime = new MlpRuntime(layers, 0.2f);
        var x = TestModels.RandomInputs(9, 5, seed: 1);
        var y = new float[9];
        runtime.Predict(x, y);
        for (int r = 0; r < 9; r++)
            Assert.Equal(TestModels.Reference(layers, 0.2, x.AsSpan(r * 5, 5)), y[r], 5);
    }

    [Fact]
    public void Rejects_inputs_of_the_wrong_length()
    {
        var runtime = new MlpRuntime(TestModels.RandomLayers(11, [8], seed: 1), 0.2f);
        var e = Assert.Throws<ArgumentException>(() => runtime.Predict(new float[10], new float[1]));
        Assert.Contains("11", e.Message);
    }

    [Fact]
    public void Is_safe_to_call_from_many_threads_at_once()
    {
        var layers = TestModels.RandomLayers(11, [100, 100], seed: 5);
        var runtime = new MlpRuntime(layers, 0.2f);
        var x = TestModels.RandomInputs(600, 11, seed: 9);
        var expected = new float[600];
        runtime.Predict(x, expected);
        Parallel.For(0, 16, _ =>
        {
            var y = new float[600];
            runtime.Predict(x, y);
            Assert.Equal(expected, y);
        });
    }
}
