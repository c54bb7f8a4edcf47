using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// One side's factors at one snapshot version, as held in a silo's cache, with its Gramian
/// (computed once per silo) and, lazily, row norms for cosine similarity.
/// </summary>
public sealed class FactorSnapshot(FactorMatrix factors, float[] gramian, float lambda, long loadedBytes = 0)
{
    private float[]? _norms;
    private long _unreported = loadedBytes;

    public FactorMatrix Factors { get; } = factors;

    /// <summary>F^T F + lambda I.</summary>
    public float[] Gramian { get; } = gramian;

    public float Lambda { get; } = lambda;

    public float[] Norms => _norms ??= FactorScoring.RowNorms(Factors);

    /// <summary>
    /// Bytes of factor rows this snapshot's load moved through grain calls (0 for the computed version 0), handed out
    /// once: the first caller reports them, later ones get 0, so each load is counted once.
    /// </summary>
    public long TakeLoadedBytes() => Interlocked.Exchange(ref _unreported, 0);

    /// <summary>Approximate bytes held, for reporting.</summary>
    public long Bytes => (Factors.Data.LongLength + Gramian.LongLength) * sizeof(float);
}
