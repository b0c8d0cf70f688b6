using ExpO.Shared.Science.Numerics;

namespace ExpO.Shared.Tests;

public class SymmetricSolverTests
{
    [Fact]
    public void Solves_a_small_system()
    {
        // A = [[4,2],[2,3]], x = [1,-2] -> b = [0,-4]
        double[] a = [4, 2, 2, 3];
        double[] b = [0, -4];
        SymmetricSolver.SolveInPlace(a, b);
        Assert.Equal(1, b[0], 12);
        Assert.Equal(-2, b[1], 12);
    }

    [Fact]
    public void Refuses_a_matrix_that_is_not_positive_definite()
    {
        Assert.Throws<InvalidOperationException>(() => SymmetricSolver.SolveInPlace(new double[] { 1, 2, 2, 1 }, new double[] { 1, 1 }));
    }
}
