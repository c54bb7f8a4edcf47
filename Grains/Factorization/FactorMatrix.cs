using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Dense row-major factors (one row per user or artist). Rows are padded with zeros to
/// <see cref="Stride"/>, a multiple of 16 floats, so SIMD kernels run without tails on any vector width.
/// Either one array (<see cref="Data"/>) or blocks of 2^shift rows held elsewhere as bytes: a snapshot's stored
/// blocks read in place, without a copy (<see cref="OverBlocks"/>), or a block's bytes solved into (<see cref="OverBytes"/>).
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

        _data = data;
    }

    private FactorMatrix(int rows, int factors, byte[][] blocks, int shift)
    {
        Rows = rows;
        Factors = factors;
        Stride = factors;
        _blocks = blocks;
        _shift = shift;
        _mask = (1 << shift) - 1;
    }

    private readonly float[]? _data;
    private readonly byte[][]? _blocks;
    private readonly int _shift;
    private readonly int _mask;

    public int Rows { get; }

    public int Factors { get; }

    public int Stride { get; }

    /// <summary>The rows in one array; a matrix <see cref="OverBlocks"/> has none.</summary>
    public float[] Data => _data ?? throw new InvalidOperationException("A factor matrix over stored blocks is read by row, not as one array.");

    /// <summary>Whether the rows are read in place from stored blocks (see <see cref="OverBlocks"/>).</summary>
    public bool IsBlocked => _blocks is not null;

    /// <summary>
    /// A read-only matrix whose row r is row r mod 2^<paramref name="shift"/> of <paramref name="blocks"/>[r >> shift], each block
    /// <paramref name="factors"/> floats a row as bytes; only possible when a row needs no padding (factors a multiple
    /// of <see cref="Alignment"/>). A block no row of the solve uses may be empty. The kernels read its rows, never write them.
    /// </summary>
    public static FactorMatrix OverBlocks(int rows, int factors, byte[][] blocks, int shift)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (PaddedStride(factors) != factors)
        {
            throw new ArgumentException($"Rows of {factors} factors need padding to {PaddedStride(factors)}; stored blocks cannot be read in place.", nameof(factors));
        }

        if (shift is < 0 or > 30 || blocks.Length != (int)(((long)rows + (1L << shift) - 1) >> shift))
        {
            throw new ArgumentException($"{blocks.Length} blocks of 2^{shift} rows do not cover {rows} rows.", nameof(blocks));
        }

        return new FactorMatrix(rows, factors, blocks, shift);
    }

    /// <summary>
    /// A matrix whose rows are <paramref name="bytes"/>, <paramref name="factors"/> floats a row (a multiple of
    /// <see cref="Alignment"/>): a new block's rows solved where they will be stored, without a float array and a copy.
    /// </summary>
    public static FactorMatrix OverBytes(int rows, int factors, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (PaddedStride(factors) != factors)
        {
            throw new ArgumentException($"Rows of {factors} factors need padding to {PaddedStride(factors)}; they cannot be held as a block's bytes.", nameof(factors));
        }

        if (bytes.LongLength != (long)rows * factors * sizeof(float))
        {
            throw new ArgumentException($"Expected {(long)rows * factors * sizeof(float)} bytes for {rows} rows of {factors} factors, got {bytes.LongLength}.", nameof(bytes));
        }

        return new FactorMatrix(rows, factors, [bytes], 30);
    }

    public static int PaddedStride(int factors) => (factors + Alignment - 1) / Alignment * Alignment;

    /// <summary>The padded row (length <see cref="Stride"/>).</summary>
    public Span<float> Row(int row) => _data is { } data
        ? data.AsSpan(row * Stride, Stride)
        : MemoryMarshal.Cast<byte, float>(_blocks![row >> _shift].AsSpan((row & _mask) * Stride * sizeof(float), Stride * sizeof(float)));

    /// <summary>Rows <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1, contiguous (over blocks: within one block).</summary>
    public Span<float> RowRange(int first, int count)
    {
        if (_data is { } data)
        {
            return data.AsSpan(first * Stride, count * Stride);
        }

        if (count > 0 && (first >> _shift) != ((first + count - 1) >> _shift))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {first} to {first + count - 1} span two stored blocks of 2^{_shift} rows.");
        }

        return MemoryMarshal.Cast<byte, float>(_blocks![first >> _shift].AsSpan((first & _mask) * Stride * sizeof(float), count * Stride * sizeof(float)));
    }

    /// <summary>The first float of a row, for the kernels' loops (they read <see cref="Stride"/> floats from it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float RowRef(int row)
    {
        if (_data is { } data)
        {
            return ref data[row * Stride];
        }

        return ref Unsafe.As<byte, float>(ref _blocks![row >> _shift][(row & _mask) * Stride * sizeof(float)]);
    }

    /// <summary>The k meaningful components of a row.</summary>
    public ReadOnlySpan<float> Vector(int row) => Row(row)[..Factors];

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
