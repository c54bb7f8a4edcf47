using System.Runtime.ExceptionServices;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// One half of an ALS iteration: every row of <c>target</c> is re-solved against the fixed side.
/// Rows are independent given the shared Gramian, so the result does not depend on the thread count.
/// </summary>
public static class HalfSweep
{
    private const int RowsPerBlock = 32;

    public static void Run(FactorMatrix target, FactorMatrix fixedSide, CsrMatrix excess, float[] gramian, SolverKind solver, int cgSteps, int threads, CancellationToken cancellationToken = default, TaskScheduler? scheduler = null)
    {
        if (excess.Rows != target.Rows || excess.Columns != fixedSide.Rows)
        {
            throw new ArgumentException($"Confidence matrix is {excess.Rows}x{excess.Columns}, factors are {target.Rows} and {fixedSide.Rows} rows.", nameof(excess));
        }

        var blocks = (target.Rows + RowsPerBlock - 1) / RowsPerBlock;
        var po = Parallelism.Options(threads, scheduler, cancellationToken);
        try
        {
            Parallel.For(
                0,
                blocks,
                po,
                () => new SolverWorkspace(target.Stride),
                (block, _, ws) =>
                {
                    var end = Math.Min(target.Rows, (block + 1) * RowsPerBlock);
                    var row = block * RowsPerBlock;
                    if (solver == SolverKind.ConjugateGradient)
                    {
                        for (; row + RowSolver.Batch <= end; row += RowSolver.Batch)
                        {
                            RowSolver.SolveConjugateGradientBatch(cgSteps, gramian, fixedSide, excess, target, row, ws);
                        }
                    }

                    for (; row < end; row++)
                    {
                        RowSolver.Solve(solver, cgSteps, gramian, fixedSide, excess.RowIndexes(row), excess.RowValues(row), target.Row(row), ws);
                    }

                    return ws;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Surface the solver's own error (it names the cause) rather than the parallel wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
