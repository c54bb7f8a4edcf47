namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Dense row-major factors (one row per user or artist). Rows are padded with zeros to
/// <see cref="Stride"/>, a multiple of 16 floats, so SIMD kernels run without tails on any vector width.
/// </summary>
public sealed class FactorMatrix
{
    public const int Alignment = 16;

    public FactorMatrix(int rows, int factors)
        : this(rows, factors, new float[(long)rows * PaddedStride(factors)])
    {
    }

    public FactorMatrix(int rows, int factors, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        Rows = rows;
        Factors = factors;
        Stride = PaddedStride(factors);
        if (data.LongLength != (long)rows * Stride)
        {
            throw new ArgumentException($"Expected {(long)rows * Stride} floats for {rows} rows of stride {Stride}, got {data.LongLength}.", nameof(data));
        }

        Data = data;
    }

    public int Rows { get; }

    public int Factors { get; }

    public int Stride { get; }

    public float[] Data { get; }

    public static int PaddedStride(int factors) => (factors + Alignment - 1) / Alignment * Alignment;

    /// <summary>The padded row (length <see cref="Stride"/>).</summary>
    public Span<float> Row(int row) => Data.AsSpan(row * Stride, Stride);

    /// <summary>The k meaningful components of a row.</summary>
    public ReadOnlySpan<float> Vector(int row) => Data.AsSpan(row * Stride, Factors);

    public FactorMatrix Clone() => new(Rows, Factors, (float[])Data.Clone());

    /// <summary>Throws if any component is NaN or infinite, naming the first bad row.</summary>
    public void EnsureFinite(string what)
    {
        for (var r = 0; r < Rows; r++)
        {
            foreach (var v in Row(r))
            {
                if (!float.IsFinite(v))
                {
                    throw new TrainingDivergedException($"{what}: row {r} has a non-finite component ({v}).");
                }
            }
        }
    }
}
