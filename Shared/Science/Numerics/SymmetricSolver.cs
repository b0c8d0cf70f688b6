namespace ExpO.Shared.Science.Numerics;

/// <summary>Solves small symmetric positive-definite systems A x = b by Cholesky (ridge normal equations).</summary>
public static class SymmetricSolver
{
    /// <summary>Solves in place: a (n x n, row-major) is overwritten by its factor, b by the solution.</summary>
    public static void SolveInPlace(Span<double> a, Span<double> b)
    {
        int n = b.Length;
        if (a.Length != n * n) throw new ArgumentException("Matrix and right-hand side sizes differ.");
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) throw new InvalidOperationException("Matrix is not positive definite.");
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / d;
            }
        }
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= a[i * n + k] * b[k];
            b[i] = s / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
    }
}
