using static TorchSharp.torch;

namespace ExpO.Training.Regularizers;

/// <summary>A differentiable, model-agnostic penalty on a batch of training points (ExpO, Section 3).</summary>
public abstract class Regularizer
{
    public abstract string Name { get; }

    /// <summary>Scalar penalty for the batch x [B, d]; gradients flow through the model's outputs only.</summary>
    public abstract Tensor Penalty(Func<Tensor, Tensor> model, Tensor x);

    public static readonly IReadOnlyList<string> Names = ["none", "fidelity", "fidelity1d", "stability"];

    /// <summary>The regularizer for a CLI name, or null for "none".</summary>
    public static Regularizer? Create(string name, int dimensions, double sigma = 0.5) => name switch
    {
        "none" => null,
        "fidelity" => new FidelityRegularizer(Math.Max(20, 2 * dimensions), sigma),
        "fidelity1d" => new Fidelity1DRegularizer(20, sigma),
        "stability" => new StabilityRegularizer(Math.Max(20, 2 * dimensions), sigma),
        _ => throw new ArgumentException($"Unknown regularizer '{name}'; expected one of {string.Join(", ", Names)}."),
    };

    /// <summary>m neighbours of each point: x [B, d] -> [B, m, d] drawn from N(x, sigma^2 I).</summary>
    protected static Tensor Neighbours(Tensor x, int m, double sigma) =>
        x.unsqueeze(1) + randn(x.shape[0], m, x.shape[1]) * sigma;

    protected static Tensor Evaluate(Func<Tensor, Tensor> model, Tensor points)
    {
        long b = points.shape[0], m = points.shape[1], d = points.shape[2];
        return model(points.reshape(b * m, d)).reshape(b, m);
    }
}

/// <summary>ExpO-Fidelity (Algorithm 1): mean squared residual of a least-squares linear fit (with intercept) to the model on N(x, sigma^2 I).</summary>
public sealed class FidelityRegularizer(int samples, double sigma) : Regularizer
{
    public override string Name => "fidelity";

    public override Tensor Penalty(Func<Tensor, Tensor> model, Tensor x)
    {
        var points = Neighbours(x, samples, sigma);
        Tensor hat;
        using (no_grad())
        {
            // The design matrix is constant, so the fit is a fixed projection H = A pinv(A) of the outputs.
            var design = cat([points, ones(points.shape[0], points.shape[1], 1)], 2);
            hat = design.bmm(linalg.pinv(design));
        }
        var y = Evaluate(model, points).unsqueeze(2);
        var residual = y - hat.bmm(y);
        return residual.pow(2).mean();
    }
}

/// <summary>ExpO-1D-Fidelity: perturb one random dimension per point and penalize the residual of a 1-D linear fit along it.</summary>
public sealed class Fidelity1DRegularizer(int samples, double sigma) : Regularizer
{
    public override string Name => "fidelity1d";

    public override Tensor Penalty(Func<Tensor, Tensor> model, Tensor x)
    {
        long b = x.shape[0], d = x.shape[1];
        var dims = randint(d, [b]);
        var direction = nn.functional.one_hot(dims, d).to(ScalarType.Float32);   // [B, d]
        var steps = randn(b, samples) * sigma;                                 // [B, m]
        var points = x.unsqueeze(1) + steps.unsqueeze(2) * direction.unsqueeze(1);
        var y = Evaluate(model, points);
        var t = steps - steps.mean([1], keepdim: true);
        var yc = y - y.mean([1], keepdim: true);
        var slope = (t * yc).sum(1, keepdim: true) / (t * t).sum(1, keepdim: true);
        return (yc - slope * t).pow(2).mean();
    }
}

/// <summary>ExpO-Stability (Algorithm 2): mean squared change of the output across N(x, sigma^2 I).</summary>
public sealed class StabilityRegularizer(int samples, double sigma) : Regularizer
{
    public override string Name => "stability";

    public override Tensor Penalty(Func<Tensor, Tensor> model, Tensor x)
    {
        var y = Evaluate(model, Neighbours(x, samples, sigma));
        var center = model(x).unsqueeze(1);
        return (y - center).pow(2).mean();
    }
}
