using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Training;

/// <summary>
/// The training step a user or artist grain runs on its own row: the same kernel as the
/// single-process trainer, against the other side's snapshot from the silo cache.
/// </summary>
internal static class RowSolving
{
    [ThreadStatic]
    private static SolverWorkspace? t_workspace;

    public static async Task<SolveResult> SolveAsync(SnapshotCache cache, SolveRequest request, string fixedSide, SortedCounts observed, string silo)
    {
        var o = request.Options.ToAls();
        var id = new SnapshotId(request.Model, request.RunId, fixedSide, request.FixedVersion, request.FixedRows, o.Factors, o.Seed, o.InitScale);
        var snapshot = await cache.GetAsync(id, o.Regularization);
        var factors = snapshot.Factors;
        if (request.Start.Length != o.Factors)
        {
            throw new ArgumentException($"Start vector has {request.Start.Length} components, the model {o.Factors}.", nameof(request));
        }

        // Cells of rows registered after the run started are not part of it.
        var n = observed.CountBelow(request.FixedRows);
        var indexes = observed.Indexes.AsSpan(0, n);
        var excess = Confidence.Of(observed.Counts.AsSpan(0, n), o);

        var x = new float[factors.Stride];
        request.Start.CopyTo(x, 0);
        var ws = t_workspace is { } w && w.Stride == factors.Stride ? w : t_workspace = new SolverWorkspace(factors.Stride);
        RowSolver.Solve(o.Solver, o.CgSteps, snapshot.Gramian, factors, indexes, excess, x, ws);
        var loss = request.ComputeLoss ? Loss.RowTerm(x, factors, snapshot.Gramian, indexes, excess, ws.Product) : 0.0;
        return new SolveResult(x[..o.Factors], loss, silo, n);
    }
}
