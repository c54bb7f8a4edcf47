using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>
/// The Gramian X^T X + lambda I of a user snapshot from its partitions' partial sums: no process needs the whole X.
/// Stored durably beside the snapshot's blocks (one more block grain), so an artist half-sweep that is retried or
/// resumed solves against the same matrix.
/// </summary>
internal static class SweepGramian
{
    /// <summary>Adds the partitions' X_b^T X_b in partition order (as the single-process trainer adds its chunks), then lambda I.</summary>
    public static float[] Total(IReadOnlyList<SweepResult> results, int factors, float lambda)
    {
        var n = FactorMatrix.PaddedStride(factors);
        var sum = new double[n * n];
        for (var b = 0; b < results.Count; b++)
        {
            if (results[b].Gramian.Length != sum.Length)
            {
                throw new InvalidOperationException($"Partition {b} returned a partial Gramian of {results[b].Gramian.Length} entries; {factors} factors need {sum.Length}.");
            }

            Gramian.Accumulate(sum, results[b].Gramian.AsSpan());
        }

        return Gramian.Finish(sum, factors, lambda);
    }

    /// <summary>Sums the user half-sweep's partial Gramians and stores the result under <see cref="SnapshotKeys.Gramian"/>.</summary>
    public static Task WriteAsync(IGrainFactory grains, string model, string runId, int version, TrainingOptions options, IReadOnlyList<SweepResult> results)
    {
        var n = FactorMatrix.PaddedStride(options.Factors);
        var total = Total(results, options.Factors, options.Regularization);
        return grains.GetGrain<IFactorBlockGrain>(SnapshotKeys.Gramian(model, runId, CatalogKind.Users, version)).Write(FactorBlock.FromFloats(0, n, n, total));
    }
}
