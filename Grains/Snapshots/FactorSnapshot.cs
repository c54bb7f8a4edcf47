using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// One side's factors at one snapshot version, as held in a silo's cache, with its Gramian
/// (computed once per silo) and, lazily, row norms for cosine similarity.
/// </summary>
public sealed class FactorSnapshot(FactorMatrix factors, float[] gramian, float lambda)
{
    private float[]? _norms;

    public FactorMatrix Factors { get; } = factors;

    /// <summary>F^T F + lambda I.</summary>
    public float[] Gramian { get; } = gramian;

    public float Lambda { get; } = lambda;

    public float[] Norms => _norms ??= FactorScoring.RowNorms(Factors);

    /// <summary>Approximate bytes held, for reporting.</summary>
    public long Bytes => (Factors.Data.LongLength + Gramian.LongLength) * sizeof(float);
}
