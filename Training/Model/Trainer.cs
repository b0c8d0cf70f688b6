using System.Diagnostics;
using ExpO.Shared.Science.Bundles;
using ExpO.Training.Data;
using ExpO.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace ExpO.Training.Model;

/// <summary>Training settings; the defaults are the paper's housing setup (Appendix A.3).</summary>
public sealed record TrainingOptions
{
    public IReadOnlyList<int> HiddenSizes { get; init; } = [100, 100, 100, 100, 100];
    public double NegativeSlope { get; init; } = 0.2;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 128;
    public int Patience { get; init; } = 50;
    public int MaxEpochs { get; init; } = 2000;
    public string Regularizer { get; init; } = "none";
    /// <summary>Relative weight c: the regularizer gets c times the weight of the main loss at the start.</summary>
    public double RelativeWeight { get; init; } = 0.005;
    public double RegularizationSigma { get; init; } = 0.5;
    public int Seed { get; init; }
    /// <summary>The regularizer's own batch of random training points (the authors' 16); null: the main batch.</summary>
    public int? RegularizerBatchSize { get; init; }
    /// <summary>Early stopping watches the validation MSE plus the weighted regularizer on a random tenth of the
    /// validation points (the authors' rule), not the MSE alone.</summary>
    public bool StopOnTotalLoss { get; init; }
    /// <summary>No early stop before this epoch.</summary>
    public int MinEpochs { get; init; }
}

/// <summary>A trained network with its best-validation weights and how training went (ValidationMse: the best loss early
/// stopping saw, with the regularizer when StopOnTotalLoss).</summary>
public sealed record TrainedModel(Mlp Network, DenseLayer[] Layers, double AbsoluteWeight, double ValidationMse,
    int Epochs, int BestEpoch, double Seconds);

/// <summary>Trains an MLP with Adam on the main MSE loss plus an optional ExpO regularizer, with early stopping.
/// Seeds TorchSharp's process-wide generator, so two trainings must not run at once in one process.</summary>
public static class Trainer
{
    public static TrainedModel Train(DataSplit split, TrainingOptions options, Action<int, double>? onEpoch = null)
    {
        var clock = Stopwatch.StartNew();
        torch.random.manual_seed(options.Seed);
        var order = new Random(options.Seed);
        int d = split.Train.Dimensions;
        var regularizer = Regularizer.Create(options.Regularizer, d, options.RegularizationSigma);
        var network = new Mlp(new MlpArchitecture(d, options.HiddenSizes, options.NegativeSlope));
        var optimizer = optim.Adam(network.parameters(), lr: options.LearningRate);

        using var xTrain = tensor(split.Train.X, [split.Train.Rows, d]);
        using var yTrain = tensor(split.Train.Y, [split.Train.Rows]);
        using var xVal = tensor(split.Validation.X, [split.Validation.Rows, d]);
        using var yVal = tensor(split.Validation.Y, [split.Validation.Rows]);
        var indices = Enumerable.Range(0, split.Train.Rows).ToArray();

        double gamma = 0;
        if (regularizer is not null)
        {
            // Appendix A.3: the absolute weight is fixed once, from one mini-batch at the start.
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var batch = xTrain.index_select(0, tensor(indices[..Math.Min(options.BatchSize, indices.Length)]));
            var labels = yTrain.index_select(0, tensor(indices[..Math.Min(options.BatchSize, indices.Length)]));
            double main = nn.functional.mse_loss(network.forward(batch), labels).item<float>();
            double penalty = regularizer.Penalty(network.forward, batch).item<float>();
            gamma = penalty > 1e-12 ? options.RelativeWeight * main / penalty : options.RelativeWeight;
        }

        double best = double.PositiveInfinity;
        int bestEpoch = 0, epoch = 0;
        DenseLayer[] bestLayers = network.ExportLayers();
        for (epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            network.train();
            order.Shuffle(indices);
            for (int start = 0; start < indices.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(indices[start..Math.Min(start + options.BatchSize, indices.Length)]);
                var xb = xTrain.index_select(0, idx);
                var loss = nn.functional.mse_loss(network.forward(xb), yTrain.index_select(0, idx));
                if (regularizer is not null) loss = loss + gamma * regularizer.Penalty(network.forward, RegularizerBatch(xTrain, xb, options.RegularizerBatchSize, order));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }

            network.eval();
            double val;
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                val = nn.functional.mse_loss(network.forward(xVal), yVal).item<float>();
                if (options.StopOnTotalLoss && regularizer is not null)
                    val += gamma * regularizer.Penalty(network.forward, RegularizerBatch(xVal, xVal, Math.Max(1, split.Validation.Rows / 10), order)).item<float>();
            }
            onEpoch?.Invoke(epoch, val);
            if (val < best)
            {
                best = val;
                bestEpoch = epoch;
                bestLayers = network.ExportLayers();
            }
            else if (epoch - bestEpoch >= options.Patience && epoch >= options.MinEpochs) break;
        }
        network.LoadLayers(bestLayers);
        return new TrainedModel(network, bestLayers, gamma, best, Math.Min(epoch, options.MaxEpochs), bestEpoch, clock.Elapsed.TotalSeconds);
    }

    /// <summary>size random rows of all (drawn without replacement), or the batch itself when size is null.</summary>
    static Tensor RegularizerBatch(Tensor all, Tensor batch, int? size, Random order)
    {
        if (size is not int n) return batch;
        int rows = (int)all.shape[0];
        var pick = Enumerable.Range(0, rows).ToArray();
        order.Shuffle(pick);
        return all.index_select(0, tensor(pick[..Math.Min(n, rows)]));
    }
}
