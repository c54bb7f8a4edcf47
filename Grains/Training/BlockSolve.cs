using System.Runtime.InteropServices;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>One partition's solve, run off the grain scheduler: the single-process kernel on the partition's rows.</summary>
internal static class BlockSolve
{
    /// <summary>
    /// Solves <paramref name="rows"/> rows warm-started from <paramref name="start"/> (k floats a row) against
    /// <paramref name="f"/>; with <paramref name="computeLoss"/> also their loss terms; with <paramref name="sumGramian"/>
    /// also X_b^T X_b of the new rows, in double.
    /// </summary>
    public static SolvedBlock Run(int rows, bool sumGramian, bool computeLoss, AlsOptions o, byte[] start, FixedSide f, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var (fixedFactors, excess) = f.Assemble();
        timer.Mark("assemble");
        try
        {
            return Solve(rows, sumGramian, computeLoss, o, start, fixedFactors, excess, f, timer, cancellationToken);
        }
        finally
        {
            f.Release(fixedFactors);
        }
    }

    private static SolvedBlock Solve(int rows, bool sumGramian, bool computeLoss, AlsOptions o, byte[] start, FactorMatrix fixedFactors, CsrMatrix excess, FixedSide f, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var threads = Environment.ProcessorCount;

        // The gate runs this on its compute scheduler: the loops' workers queue there too, so the silo's solves
        // together use a thread per core instead of each taking every core.
        var scheduler = TaskScheduler.Current;

        // Where a row needs no padding the rows are solved in the new block's bytes; otherwise in a padded matrix, copied out after.
        var compact = new byte[rows * o.Factors * sizeof(float)];
        var inPlace = FactorMatrix.PaddedStride(o.Factors) == o.Factors;
        var target = inPlace ? FactorMatrix.OverBytes(rows, o.Factors, compact) : new FactorMatrix(rows, o.Factors);
        var startRows = MemoryMarshal.Cast<byte, float>(start.AsSpan());
        for (var r = 0; r < rows; r++)
        {
            startRows.Slice(r * o.Factors, o.Factors).CopyTo(target.Row(r));
        }

        HalfSweep.Run(target, fixedFactors, excess, f.Gramian, o.Solver, o.CgSteps, threads, cancellationToken, scheduler);
        timer.Mark("solve");
        var loss = 0.0;
        if (computeLoss)
        {
            loss = Loss.RowTerms(target, fixedFactors, excess, f.Gramian, threads, scheduler);
            timer.Mark("loss");
        }

        // A partition starts at a multiple of Gramian.ChunkRows (SnapshotKeys.BlockRows is one), so the partitions'
        // sums, added in partition order, are the single-process Gramian's chunk sums.
        double[]? gramian = null;
        if (sumGramian)
        {
            gramian = Gramian.PartialSum(target, threads, scheduler);
            timer.Mark("gramian");
        }

        if (!inPlace)
        {
            var compactRows = MemoryMarshal.Cast<byte, float>(compact.AsSpan());
            for (var r = 0; r < rows; r++)
            {
                target.Vector(r).CopyTo(compactRows.Slice(r * o.Factors, o.Factors));
            }
        }

        return new SolvedBlock(compact, loss, gramian, f.Bytes);
    }
}
