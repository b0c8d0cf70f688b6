namespace ExpO.Shared.Science.Numerics;

/// <summary>
/// Solves small symmetric positive-definite systems A x = b by Cholesky (ridge normal equations). The factor of A's
/// leading k x k block is the leading block of A's factor, so one factorisation solves every nested system (MAPLE's
/// choice of how many features to keep).
/// </summary>
public static class SymmetricSolver
{
    /// <summary>Solves in place: a (n x n, row-major) is overwritten by its factor, b by the solution.</summary>
    public static void SolveInPlace(Span<double> a, Span<double> b)
    {
        int n = b.Length;
        if (a.Length != n * n) throw new ArgumentException("Matrix and right-hand side sizes differ.");
        Factor(a, n);
        ForwardSubstitute(a, n, b);
        BackSubstitute(a, n, b);
    }

    /// <summary>Overwrites the lower triangle of a (n x n, row-major) with L, where A = L L^T.</summary>
    public static void Factor(Span<double> a, int n)
    {
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
    }

    /// <summary>b := L^-1 b for the first b.Length rows of the factor (n x n, row-major).</summary>
    public static void ForwardSubstitute(ReadOnlySpan<double> factor, int n, Span<double> b)
    {
        for (int i = 0; i < b.Length; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= factor[i * n + k] * b[k];
            b[i] = s / factor[i * n + i];
        }
    }

    /// <summary>b := L_k^-T b with L_k the factor's leading k x k block, k = b.Length.</summary>
    public static void BackSubstitute(ReadOnlySpan<double> factor, int n, Span<double> b)
    {
        for (int i = b.Length - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < b.Length; k++) s -= factor[k * n + i] * b[k];
            b[i] = s / factor[i * n + i];
        }
    }
}
