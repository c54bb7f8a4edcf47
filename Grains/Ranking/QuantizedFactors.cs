using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Ranking;

/// <summary>
/// An 8-bit copy of a factor matrix for a first scoring pass with a proven error bound per row, so an
/// exact top-N needs float dot products only for the rows whose bound reaches the N-th best.
/// <para>
/// Row i is stored as y_i = s_i q_i + r_i with q_i in [-127, 127]^k and s_i = max|y_i| / 127; the query as
/// x = t p + e with p in [-63, 63]^k. Then x.y_i - t s_i (p.q_i) = x.r_i + e.(s_i q_i), so by Cauchy-Schwarz
/// |x.y_i - t s_i (p.q_i)| &lt;= |x| |r_i| + |e| |s_i q_i|, plus a margin for float rounding. p.q_i is exact
/// in integers: the kernel multiplies the unsigned codes p + 64 by q_i and subtracts 64 sum(q_i).
/// </para>
/// Rows are grouped 16 to a block and stored four factors at a time (16 rows x 4 codes = 64 bytes), so one
/// byte multiply-add feeds 16 row sums and no horizontal reduction is needed. The copy is a quarter of the
/// float matrix's size.
/// </summary>
public sealed class QuantizedFactors
{
    public const int BlockRows = 16;
    private const int GroupFactors = 4;
    internal const int GroupBytes = BlockRows * GroupFactors;
    private const int RowCodeLimit = 127;

    // Query codes p + 64 are at most 127, so two byte products (2 x 127 x 127) fit a 16-bit lane.
    private const int QueryCodeLimit = 63;
    private const int QueryOffset = 64;

    // Rounding slack in ulps, relative to |x| |y_i|: the float dot's own error (about k ulps) and the bound's arithmetic.
    private const double UlpsPerFactor = 8;
    private const double FixedUlps = 16;

    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly int[] _offsets;
    private readonly float[] _residualNorms;
    private readonly float[] _codeNorms;

    private QuantizedFactors(int rows, int factors, sbyte[] codes, float[] scales, int[] offsets, float[] residualNorms, float[] codeNorms)
    {
        Rows = rows;
        Factors = factors;
        _codes = codes;
        _scales = scales;
        _offsets = offsets;
        _residualNorms = residualNorms;
        _codeNorms = codeNorms;
    }

    public int Rows { get; }

    public int Factors { get; }

    /// <summary>Rows rounded up to whole blocks: the length bound buffers must have.</summary>
    public int PaddedRows => _scales.Length;

    /// <summary>Which kernel <see cref="Bounds"/> uses on this machine.</summary>
    public static QuantizedKernel Kernel => Avx512BW.IsSupported ? QuantizedKernel.Avx512 : Avx2.IsSupported ? QuantizedKernel.Avx2 : QuantizedKernel.Scalar;

    /// <summary>The kernels this machine can run, fastest first.</summary>
    public static IReadOnlyList<QuantizedKernel> SupportedKernels { get; } =
        [.. new[] { QuantizedKernel.Avx512, QuantizedKernel.Avx2, QuantizedKernel.Scalar }.Where(k => k >= Kernel)];

    internal int Groups => (Factors + GroupFactors - 1) / GroupFactors;

    public static QuantizedFactors Build(FactorMatrix factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var quantized = Empty(factors.Rows, factors.Factors);
        for (var r = 0; r < factors.Rows; r++)
        {
            quantized.Encode(r, factors.Vector(r));
        }

        return quantized.WithReach();
    }

    /// <summary>
    /// A copy with <paramref name="rows"/> re-encoded from <paramref name="factors"/>, which may have more rows
    /// than this copy (those are encoded too). This copy is left as it is.
    /// </summary>
    public QuantizedFactors WithRows(FactorMatrix factors, IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(rows);
        if (factors.Factors != Factors || factors.Rows < Rows)
        {
            throw new ArgumentException($"Patched factors ({factors.Rows} x {factors.Factors}) must keep k = {Factors} and at least {Rows} rows.", nameof(factors));
        }

        var copy = Empty(factors.Rows, Factors);
        _codes.CopyTo(copy._codes, 0);
        _scales.CopyTo(copy._scales, 0);
        _offsets.CopyTo(copy._offsets, 0);
        _residualNorms.CopyTo(copy._residualNorms, 0);
        _codeNorms.CopyTo(copy._codeNorms, 0);
        // The patched rows, then every row past this copy's end.
        foreach (var r in rows.Concat(Enumerable.Range(Rows, factors.Rows - Rows)))
        {
            copy.Encode(r, factors.Vector(r));
        }

        return copy.WithReach();
    }

    private static QuantizedFactors Empty(int rows, int factors)
    {
        var blocks = (rows + BlockRows - 1) / BlockRows;
        var groups = (factors + GroupFactors - 1) / GroupFactors;
        var padded = blocks * BlockRows;
        return new QuantizedFactors(rows, factors, new sbyte[(long)blocks * groups * GroupBytes], new float[padded], new int[padded], new float[padded], new float[padded]);
    }

    internal long CodeOffset(int row, int factor) =>
        (((long)(row / BlockRows) * Groups) + (factor / GroupFactors)) * GroupBytes + ((row % BlockRows) * GroupFactors) + (factor % GroupFactors);

    private void Encode(int row, ReadOnlySpan<float> y)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be below {Rows}.");
        }

        var max = 0f;
        foreach (var v in y)
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        var scale = max / RowCodeLimit;
        double residual = 0, coded = 0, norm = 0;
        var sum = 0;
        for (var f = 0; f < Factors; f++)
        {
            var code = scale > 0 ? Math.Clamp((int)MathF.Round(y[f] / scale), -RowCodeLimit, RowCodeLimit) : 0;
            _codes[CodeOffset(row, f)] = (sbyte)code;
            sum += code;
            var decoded = (double)scale * code;
            residual += (y[f] - decoded) * (y[f] - decoded);
            coded += decoded * decoded;
            norm += (double)y[f] * y[f];
        }

        var slack = ((UlpsPerFactor * Factors) + FixedUlps) / (1 << 24) * Math.Sqrt(norm);
        _scales[row] = scale;
        _offsets[row] = QueryOffset * sum;
        _residualNorms[row] = RoundUp(Math.Sqrt(residual) + slack);
        _codeNorms[row] = RoundUp(Math.Sqrt(coded) + slack);
    }

    internal static float RoundUp(double value) => MathF.BitIncrement((float)value);

    /// <summary>
    /// For every row, bounds on the float dot product x.y_i: lower[i] &lt;= x.y_i &lt;= upper[i]. Buffers must
    /// hold <see cref="PaddedRows"/>; the entries past <see cref="Rows"/> are zero bounds of empty rows.
    /// </summary>
    public void Bounds(ReadOnlySpan<float> x, Span<float> lower, Span<float> upper) => Bounds(x, lower, upper, Kernel);

    /// <summary>As <see cref="Bounds(ReadOnlySpan{float}, Span{float}, Span{float})"/> with a chosen kernel; all give the same bits.</summary>
    public void Bounds(ReadOnlySpan<float> x, Span<float> lower, Span<float> upper, QuantizedKernel kernel)
    {
        if (kernel < Kernel)
        {
            throw new PlatformNotSupportedException($"The {kernel} kernel needs instructions this machine lacks.");
        }

        if (x.Length < Factors)
        {
            throw new ArgumentException($"Query has {x.Length} components, need {Factors}.", nameof(x));
        }

        if (lower.Length < PaddedRows || upper.Length < PaddedRows)
        {
            throw new ArgumentException($"Bound buffers hold {Math.Min(lower.Length, upper.Length)}, need {PaddedRows}.");
        }

        Span<int> query = stackalloc int[QueryInts];
        var terms = Quantize(x, query);
        var kernels = new BoundKernels(this, query, terms, lower, upper);
        for (var b = 0; b < Blocks; b++)
        {
            kernels.Block(b, kernel);
        }
    }

    /// <summary>Ints a quantized query takes (four byte codes each): the length of <see cref="Quantize"/>'s buffer.</summary>
    internal int QueryInts => Groups;

    /// <summary>
    /// The query's codes p + 64 (four to an int, in <paramref name="query"/>, which holds <see cref="QueryInts"/>)
    /// and its bound terms.
    /// </summary>
    internal BoundTerms Quantize(ReadOnlySpan<float> x, Span<int> query)
    {
        if (x.Length < Factors)
        {
            throw new ArgumentException($"Query has {x.Length} components, need {Factors}.", nameof(x));
        }

        var xmax = 0f;
        for (var f = 0; f < Factors; f++)
        {
            xmax = MathF.Max(xmax, MathF.Abs(x[f]));
        }

        var t = xmax / QueryCodeLimit;
        var bytes = MemoryMarshal.AsBytes(query[..Groups]);
        bytes.Fill(QueryOffset);
        double xNorm = 0, eNorm = 0;
        for (var f = 0; f < Factors; f++)
        {
            var p = t > 0 ? Math.Clamp((int)MathF.Round(x[f] / t), -QueryCodeLimit, QueryCodeLimit) : 0;
            var e = x[f] - ((double)t * p);
            xNorm += (double)x[f] * x[f];
            eNorm += e * e;
            bytes[f] = (byte)(p + QueryOffset);
        }

        return new BoundTerms(t, RoundUp(Math.Sqrt(xNorm)), RoundUp(Math.Sqrt(eNorm)));
    }

    /// <summary>Blocks of <see cref="BlockRows"/> rows.</summary>
    internal int Blocks => PaddedRows / BlockRows;

    /// <summary>The blocks in decreasing reach, stored in that order (rebuilt whenever rows are encoded).</summary>
    internal ReachLayout Layout { get; private set; } = null!;

    private QuantizedFactors WithReach()
    {
        Layout = new ReachLayout(this, _codes, _scales, _offsets, _residualNorms, _codeNorms);
        return this;
    }
}
