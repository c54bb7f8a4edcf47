using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Factorization;

public sealed class AlsTrainerTests
{
    [Theory]
    [InlineData(SolverKind.Cholesky)]
    [InlineData(SolverKind.ConjugateGradient)]
    public void A_half_sweep_on_a_small_dense_problem_equals_the_closed_form(SolverKind solver)
    {
        const int k = 5;
        var plays = RandomProblems.Plays(12, 20, 0.3, 7);
        var excess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Log, 4f, 1f);
        var y = RandomProblems.Factors(20, k, 8, 0.7f);
        var x = new FactorMatrix(12, k);
        var g = Gramian.Compute(y, 0.3f, 2);

        // CG is exact after k steps in exact arithmetic; 2k steps absorb float round-off.
        HalfSweep.Run(x, y, excess, g, solver, cgSteps: 2 * k, threads: 2);

        var dense = DenseReference.ToDense(y);
        for (var u = 0; u < 12; u++)
        {
            var expected = DenseReference.SolveRow(dense, excess, u, 0.3);
            for (var f = 0; f < k; f++)
            {
                Assert.True(Math.Abs(x.Row(u)[f] - expected[f]) <= 1e-3 * Math.Max(1, expected.AbsoluteMaximum()), $"user {u} f{f}: {x.Row(u)[f]} vs {expected[f]}");
            }
        }
    }

    [Fact]
    public void Loss_equals_the_cell_by_cell_sum()
    {
        var plays = RandomProblems.Plays(15, 25, 0.2, 4);
        var userExcess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Log, 3f, 2f);
        var x = RandomProblems.Factors(15, 6, 5, 0.5f);
        var y = RandomProblems.Factors(25, 6, 6, 0.5f);
        var gX = Gramian.Compute(x, 0.2f, 2);

        var fast = Loss.Compute(y, x, userExcess.Transpose(), gX, 0.2f, 2);
        var reference = DenseReference.Loss(DenseReference.ToDense(x), DenseReference.ToDense(y), userExcess, 0.2);

        Assert.True(Math.Abs(fast - reference) <= 1e-4 * reference, $"fast {fast}, reference {reference}");
    }

    [Fact]
    public void Loss_never_rises_across_cholesky_half_sweeps()
    {
        var plays = RandomProblems.Plays(80, 60, 0.08, 9);
        var userExcess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Linear, 10f, 1f);
        var artistExcess = userExcess.Transpose();
        var x = FactorInitializer.Create(80, 8, 1, FactorInitializer.UserSide, 0.1f);
        var y = FactorInitializer.Create(60, 8, 1, FactorInitializer.ArtistSide, 0.1f);
        const float lambda = 0.1f;
        var previous = double.PositiveInfinity;
        for (var half = 0; half < 20; half++)
        {
            if (half % 2 == 0)
            {
                HalfSweep.Run(x, y, userExcess, Gramian.Compute(y, lambda, 2), SolverKind.Cholesky, 3, 2);
            }
            else
            {
                HalfSweep.Run(y, x, artistExcess, Gramian.Compute(x, lambda, 2), SolverKind.Cholesky, 3, 2);
            }

            var loss = Loss.Compute(y, x, artistExcess, Gramian.Compute(x, lambda, 1), lambda, 1);
            Assert.True(loss <= previous * (1 + 1e-5), $"half-sweep {half}: loss {loss} rose from {previous}");
            previous = loss;
        }
    }

    [Theory]
    [InlineData(SolverKind.ConjugateGradient)]
    [InlineData(SolverKind.Cholesky)]
    public void Factors_are_bit_identical_for_any_thread_count(SolverKind solver)
    {
        var plays = RandomProblems.Plays(700, 400, 0.03, 10);
        var options = new AlsOptions { Factors = 24, Iterations = 4, Solver = solver, Seed = 5 };

        var one = new AlsTrainer(options with { Threads = 1 }).Fit(plays);
        var two = new AlsTrainer(options with { Threads = 2 }).Fit(plays);
        var seven = new AlsTrainer(options with { Threads = 7 }).Fit(plays);

        Assert.Equal(one.Users.Data, two.Users.Data);
        Assert.Equal(one.Artists.Data, two.Artists.Data);
        Assert.Equal(one.Users.Data, seven.Users.Data);
        Assert.Equal(one.Artists.Data, seven.Artists.Data);
        Assert.Equal(one.History.Select(h => h.Loss), seven.History.Select(h => h.Loss));
    }

    [Fact]
    public void Batched_cg_is_bit_identical_to_solving_rows_one_by_one()
    {
        // 37 rows: nine batches of four and one single row; row 5 has no plays.
        var plays = WithoutRow(RandomProblems.Plays(37, 50, 0.1, 14), 5);
        Assert.Equal(0, plays.RowLength(5));
        var excess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Log, 2f, 1f);
        var y = RandomProblems.Factors(50, 20, 15, 0.3f);
        var g = Gramian.Compute(y, 0.5f, 1);
        var batched = FactorInitializer.Create(37, 20, 3, FactorInitializer.UserSide, 0.1f);
        var single = batched.Clone();

        HalfSweep.Run(batched, y, excess, g, SolverKind.ConjugateGradient, 3, 2);
        var ws = new SolverWorkspace(y.Stride);
        for (var u = 0; u < 37; u++)
        {
            RowSolver.Solve(SolverKind.ConjugateGradient, 3, g, y, excess.RowIndexes(u), excess.RowValues(u), single.Row(u), ws);
        }

        Assert.Equal(single.Data, batched.Data);
    }

    [Fact]
    public void Different_seeds_give_different_factors()
    {
        var plays = RandomProblems.Plays(50, 40, 0.1, 10);
        var a = new AlsTrainer(new AlsOptions { Factors = 8, Iterations = 2, Seed = 1 }).Fit(plays);
        var b = new AlsTrainer(new AlsOptions { Factors = 8, Iterations = 2, Seed = 2 }).Fit(plays);
        Assert.NotEqual(a.Users.Data, b.Users.Data);
    }

    [Fact]
    public void Training_loss_falls_and_is_reported_every_iteration()
    {
        var plays = RandomProblems.Plays(300, 200, 0.05, 12);
        var reports = new List<IterationReport>();
        var model = new AlsTrainer(new AlsOptions { Factors = 16, Iterations = 6, Solver = SolverKind.ConjugateGradient }).Fit(plays, new SyncProgress<IterationReport>(reports.Add));

        Assert.Equal(6, reports.Count);
        Assert.Equal(Enumerable.Range(1, 6), reports.Select(r => r.Iteration));
        Assert.True(reports[^1].Loss < reports[0].Loss);
        Assert.Equal(reports, model.History);
    }

    [Fact]
    public void Singular_normal_equations_raise_a_clear_error()
    {
        // Three artists cannot span eight factors: with lambda = 0 the user system is singular.
        var plays = RandomProblems.Plays(5, 3, 0.6, 2);
        var trainer = new AlsTrainer(new AlsOptions { Factors = 8, Iterations = 2, Regularization = 0f, Solver = SolverKind.Cholesky });
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(plays));
        Assert.Contains("regularization", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Overflowing_confidence_raises_a_clear_error()
    {
        var plays = RandomProblems.Plays(5, 10, 0.5, 2);
        var trainer = new AlsTrainer(new AlsOptions { Factors = 4, Iterations = 1, Alpha = 1e38f, Scheme = ConfidenceScheme.Linear });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(plays));
        Assert.Contains("confidence", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Factors")]
    [InlineData("Alpha")]
    [InlineData("Regularization")]
    [InlineData("CgSteps")]
    public void Options_out_of_range_are_rejected_by_name(string option)
    {
        var o = option switch
        {
            "Factors" => new AlsOptions { Factors = 0 },
            "Alpha" => new AlsOptions { Alpha = float.NaN },
            "Regularization" => new AlsOptions { Regularization = -1f },
            _ => new AlsOptions { CgSteps = 0 },
        };
        var ex = Assert.Throws<ArgumentException>(() => new AlsTrainer(o));
        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    private static CsrMatrix WithoutRow(CsrMatrix m, int dropped)
    {
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<float>();
        for (var r = 0; r < m.Rows; r++)
        {
            if (r == dropped)
            {
                continue;
            }

            for (var p = m.RowStarts[r]; p < m.RowStarts[r + 1]; p++)
            {
                rows.Add(r);
                cols.Add(m.ColumnIndexes[p]);
                vals.Add(m.Values[p]);
            }
        }

        return CsrMatrix.FromTriples(m.Rows, m.Columns, rows.ToArray(), cols.ToArray(), vals.ToArray());
    }
}
