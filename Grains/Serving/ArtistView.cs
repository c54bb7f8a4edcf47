using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Serving;

/// <summary>The artist factors a silo scores against, with their row norms (computed once, for cosine similarity).</summary>
public sealed class ArtistView(FactorMatrix factors)
{
    private float[]? _norms;

    public FactorMatrix Factors { get; } = factors;

    public int Rows => Factors.Rows;

    public float[] Norms => _norms ??= FactorScoring.RowNorms(Factors);
}
