using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// The artist factors a silo scores against, with their 8-bit copy for the bounded first pass and their
/// row norms (computed once, for cosine similarity).
/// </summary>
public sealed class ArtistView(FactorMatrix factors, QuantizedFactors codes)
{
    private float[]? _norms;

    public ArtistView(FactorMatrix factors)
        : this(factors, QuantizedFactors.Build(factors))
    {
    }

    public FactorMatrix Factors { get; } = factors;

    public QuantizedFactors Codes { get; } = codes.Rows == factors.Rows && codes.Factors == factors.Factors
        ? codes
        : throw new ArgumentException($"Quantized copy ({codes.Rows} x {codes.Factors}) does not match the factors ({factors.Rows} x {factors.Factors}).", nameof(codes));

    public int Rows => Factors.Rows;

    public float[] Norms => _norms ??= FactorScoring.RowNorms(Factors);
}
