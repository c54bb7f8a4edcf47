namespace MusicRecs.Grains.Ranking;

/// <summary>The instruction sets <see cref="QuantizedFactors"/> can bound with, fastest first.</summary>
public enum QuantizedKernel
{
    Avx512,
    Avx2,
    Scalar,
}
