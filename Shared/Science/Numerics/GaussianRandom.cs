namespace ExpO.Shared.Science.Numerics;

/// <summary>Seeded standard-normal draws (Box-Muller over System.Random), the same sequence on every machine.</summary>
public sealed class GaussianRandom(int seed)
{
    readonly Random _uniform = new(seed);
    double _spare;
    bool _hasSpare;

    public double Next()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        double u1 = 1.0 - _uniform.NextDouble(); // (0, 1]: log stays finite
        double u2 = _uniform.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    public void Fill(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Next();
    }

    /// <summary>A uniform integer in [0, maxExclusive) from the same stream.</summary>
    public int NextInt(int maxExclusive) => _uniform.Next(maxExclusive);
}
