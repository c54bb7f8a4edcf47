using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MusicRecs.Grains.Ranking;

/// <summary>
/// The bound kernels of <see cref="QuantizedFactors"/> for one quantized query, one block of
/// <see cref="QuantizedFactors.BlockRows"/> rows at a time, so a caller can visit blocks in any order and skip
/// some. Per row: acc = p.q_i + 64 sum(q_i) in integers (the codes p + 64 times q_i), then
/// bound_i = t s_i (acc - 64 sum(q_i)) -/+ (|x| |r_i| + |e| |s_i q_i|). Every kernel gives the same bits.
/// </summary>
internal readonly ref struct BoundKernels
{
    private readonly ReachLayout _codes;
    private readonly int _groups;
    private readonly ReadOnlySpan<int> _query;
    private readonly BoundTerms _terms;
    private readonly Span<float> _lower;
    private readonly Span<float> _upper;

    public BoundKernels(QuantizedFactors codes, ReadOnlySpan<int> query, BoundTerms terms, Span<float> lower, Span<float> upper)
    {
        if (lower.Length < codes.PaddedRows || upper.Length < codes.PaddedRows)
        {
            throw new ArgumentException($"Bound buffers hold {Math.Min(lower.Length, upper.Length)}, need {codes.PaddedRows}.");
        }

        _codes = codes.Layout;
        _groups = codes.Groups;
        _query = query[.._groups];
        _terms = terms;
        _lower = lower;
        _upper = upper;
    }

    /// <summary>Writes the bounds of the rows of the block at <paramref name="slot"/> of <see cref="ReachLayout"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Block(int slot, QuantizedKernel kernel)
    {
        if (kernel == QuantizedKernel.Avx512)
        {
            Block512(slot);
        }
        else if (kernel == QuantizedKernel.Avx2)
        {
            Block256(slot);
        }
        else
        {
            BlockScalar(slot);
        }
    }

    private ref byte BlockCodes(int slot) =>
        ref Unsafe.Add(ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetArrayDataReference(_codes.Codes)), (nint)slot * _groups * QuantizedFactors.GroupBytes);

    private void Block512(int b)
    {
        ref var block = ref BlockCodes(b);
        ref var q = ref MemoryMarshal.GetReference(_query);
        var ones = Vector512.Create((short)1);
        var acc = Vector512<int>.Zero;
        for (var g = 0; g < _query.Length; g++)
        {
            var p = Vector512.Create(Unsafe.Add(ref q, g)).AsByte();
            acc += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(p, Vector512.LoadUnsafe(ref block, (nuint)(g * QuantizedFactors.GroupBytes)).AsSByte()), ones);
        }

        var at = b * QuantizedFactors.BlockRows;
        var row = _codes.Block(b) * QuantizedFactors.BlockRows;
        acc -= Vector512.Create(_codes.Offsets.AsSpan(at, Vector512<int>.Count));
        var approx = Vector512.ConvertToSingle(acc) * (Vector512.Create(_terms.Step) * Vector512.Create(_codes.Scales.AsSpan(at, Vector512<float>.Count)));
        var bound = (Vector512.Create(_terms.QueryNorm) * Vector512.Create(_codes.ResidualNorms.AsSpan(at, Vector512<float>.Count)))
            + (Vector512.Create(_terms.ErrorNorm) * Vector512.Create(_codes.CodeNorms.AsSpan(at, Vector512<float>.Count)));
        (approx - bound).CopyTo(_lower.Slice(row, Vector512<float>.Count));
        (approx + bound).CopyTo(_upper.Slice(row, Vector512<float>.Count));
    }

    private void Block256(int b)
    {
        ref var block = ref BlockCodes(b);
        ref var q = ref MemoryMarshal.GetReference(_query);
        var ones = Vector256.Create((short)1);
        var acc0 = Vector256<int>.Zero;
        var acc1 = Vector256<int>.Zero;
        for (var g = 0; g < _query.Length; g++)
        {
            var p = Vector256.Create(Unsafe.Add(ref q, g)).AsByte();
            acc0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(p, Vector256.LoadUnsafe(ref block, (nuint)(g * QuantizedFactors.GroupBytes)).AsSByte()), ones);
            acc1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(p, Vector256.LoadUnsafe(ref block, (nuint)((g * QuantizedFactors.GroupBytes) + 32)).AsSByte()), ones);
        }

        var at = b * QuantizedFactors.BlockRows;
        var row = _codes.Block(b) * QuantizedFactors.BlockRows;
        Store256(acc0, at, row);
        Store256(acc1, at + Vector256<int>.Count, row + Vector256<int>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store256(Vector256<int> acc, int at, int row)
    {
        acc -= Vector256.Create(_codes.Offsets.AsSpan(at, Vector256<int>.Count));
        var approx = Vector256.ConvertToSingle(acc) * (Vector256.Create(_terms.Step) * Vector256.Create(_codes.Scales.AsSpan(at, Vector256<float>.Count)));
        var bound = (Vector256.Create(_terms.QueryNorm) * Vector256.Create(_codes.ResidualNorms.AsSpan(at, Vector256<float>.Count)))
            + (Vector256.Create(_terms.ErrorNorm) * Vector256.Create(_codes.CodeNorms.AsSpan(at, Vector256<float>.Count)));
        (approx - bound).CopyTo(_lower.Slice(row, Vector256<float>.Count));
        (approx + bound).CopyTo(_upper.Slice(row, Vector256<float>.Count));
    }

    private void BlockScalar(int b)
    {
        var query = MemoryMarshal.AsBytes(_query);
        var codes = _codes.Codes;
        var at = b * QuantizedFactors.BlockRows;
        var row = _codes.Block(b) * QuantizedFactors.BlockRows;
        for (var j = 0; j < QuantizedFactors.BlockRows; j++)
        {
            var acc = 0;
            for (var f = 0; f < query.Length; f++)
            {
                // The layout within a block: groups of four factors, 16 rows x 4 codes each.
                acc += query[f] * codes[(((b * _groups) + (f / 4)) * QuantizedFactors.GroupBytes) + (j * 4) + (f % 4)];
            }

            var approx = (acc - _codes.Offsets[at + j]) * (_terms.Step * _codes.Scales[at + j]);
            var bound = (_terms.QueryNorm * _codes.ResidualNorms[at + j]) + (_terms.ErrorNorm * _codes.CodeNorms[at + j]);
            _lower[row + j] = approx - bound;
            _upper[row + j] = approx + bound;
        }
    }
}
