using MathNet.Numerics.LinearAlgebra;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Factorization;

public sealed class SolverTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 3)]
    [InlineData(37, 4)]
    [InlineData(64, 5)]
    public void Cholesky_matches_dense_reference_on_random_spd_systems(int k, int seed)
    {
        var rng = new Random(seed);
        var b = Matrix<double>.Build.Dense(k + 3, k, (_, _) => (rng.NextDouble() * 2) - 1);
        var a = (b.Transpose() * b) + (0.5 * Matrix<double>.Build.DenseIdentity(k));
        var rhs = Vector<double>.Build.Dense(k, _ => (rng.NextDouble() * 2) - 1);
        var expected = a.Cholesky().Solve(rhs);

        var n = FactorMatrix.PaddedStride(k);
        var packed = new float[n * n];
        var x = new float[n];
        for (var r = 0; r < k; r++)
        {
            x[r] = (float)rhs[r];
            for (var c = 0; c < k; c++)
            {
                packed[(r * n) + c] = (float)a[r, c];
            }
        }

        Assert.True(CholeskySolver.Factor(packed, n, k));
        CholeskySolver.Solve(packed, n, k, x);

        var scale = expected.AbsoluteMaximum();
        for (var r = 0; r < k; r++)
        {
            Assert.True(Math.Abs(x[r] - expected[r]) <= 1e-3 * scale, $"x[{r}] = {x[r]}, expected {expected[r]}");
        }
    }

    [Fact]
    public void Cholesky_reports_a_matrix_that_is_not_positive_definite()
    {
        const int n = 16;
        var a = new float[n * n];
        a[0] = 1f;
        a[1] = 2f;
        a[n] = 2f;
        a[n + 1] = 1f; // eigenvalues 3 and -1
        Assert.False(CholeskySolver.Factor(a, n, 2));
    }

    [Theory]
    [InlineData(4, 11)]
    [InlineData(8, 12)]
    [InlineData(12, 13)]
    public void Cg_with_k_steps_from_zero_equals_the_exact_solution(int k, int seed)
    {
        // In exact arithmetic CG on a k x k SPD system terminates in at most k steps.
        var y = RandomProblems.Factors(30, k, seed, 0.5f);
        var plays = RandomProblems.Plays(1, 30, 0.4, seed);
        var excess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Log, 2f, 1f);
        var g = Gramian.Compute(y, 0.1f, 1);
        var ws = new SolverWorkspace(y.Stride);

        var cg = new float[y.Stride];
        RowSolver.SolveConjugateGradient(k, g, y, excess.RowIndexes(0), excess.RowValues(0), cg, ws);
        var exact = DenseReference.SolveRow(DenseReference.ToDense(y), excess, 0, 0.1);

        var scale = exact.AbsoluteMaximum();
        for (var f = 0; f < k; f++)
        {
            Assert.True(Math.Abs(cg[f] - exact[f]) <= 2e-3 * scale, $"component {f}: CG {cg[f]}, exact {exact[f]}");
        }
    }

    [Fact]
    public void Cg_steps_never_increase_the_error_norm_in_A()
    {
        // CG minimises the A-norm of the error over a growing Krylov space: more steps are never worse.
        const int k = 16;
        var y = RandomProblems.Factors(60, k, 21, 0.5f);
        var excess = Confidence.ExcessMatrix(RandomProblems.Plays(1, 60, 0.3, 21), ConfidenceScheme.Linear, 5f, 1f);
        var g = Gramian.Compute(y, 0.05f, 1);
        var exact = DenseReference.SolveRow(DenseReference.ToDense(y), excess, 0, 0.05);
        var previous = double.PositiveInfinity;
        for (var steps = 1; steps <= k; steps++)
        {
            var x = new float[y.Stride];
            RowSolver.SolveConjugateGradient(steps, g, y, excess.RowIndexes(0), excess.RowValues(0), x, new SolverWorkspace(y.Stride));
            var err = 0.0;
            for (var f = 0; f < k; f++)
            {
                err += (x[f] - exact[f]) * (x[f] - exact[f]);
            }

            Assert.True(err <= (previous * 1.05) + 1e-10, $"{steps} steps: error {err} after {previous}");
            previous = err;
        }
    }

    [Fact]
    public void Gramian_matches_dense_product_plus_lambda()
    {
        var y = RandomProblems.Factors(5000, 23, 3);
        var g = Gramian.Compute(y, 0.25f, 3);
        var dense = DenseReference.ToDense(y);
        var expected = (dense.Transpose() * dense) + (0.25 * Matrix<double>.Build.DenseIdentity(23));
        var n = y.Stride;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var want = r < 23 && c < 23 ? expected[r, c] : 0.0;
                Assert.True(Math.Abs(g[(r * n) + c] - want) <= 1e-4 * Math.Max(1, Math.Abs(want)), $"G[{r},{c}] = {g[(r * n) + c]}, expected {want}");
            }
        }
    }

    [Fact]
    public void Confidence_schemes_match_hand_values()
    {
        Assert.Equal(40f * 3f, Confidence.Excess(3f, ConfidenceScheme.Linear, 40f, 1f));
        // 2 * ln(1 + 9/3) = 2 ln 4 = 2.7725887
        Assert.Equal(2.7725887f, Confidence.Excess(9f, ConfidenceScheme.Log, 2f, 3f), 5);
    }
}
