using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// SIMD kernels over padded factor rows: every length is a multiple of <see cref="FactorMatrix.Alignment"/>,
/// hence of Vector&lt;float&gt;.Count on every platform, so no kernel needs a scalar tail.
/// </summary>
internal static class Simd
{
    public static int Width => Vector<float>.Count;

    /// <summary>a . b over n floats (n a multiple of the vector width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int n)
    {
        var w = Vector<float>.Count;
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        var i = 0;
        for (; i + (2 * w) <= n; i += 2 * w)
        {
            acc0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), acc0);
            acc1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref a, (nuint)(i + w)), Vector.LoadUnsafe(ref b, (nuint)(i + w)), acc1);
        }

        for (; i < n; i += w)
        {
            acc0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref a, (nuint)i), Vector.LoadUnsafe(ref b, (nuint)i), acc0);
        }

        return Vector.Sum(acc0 + acc1);
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);

    /// <summary>y += alpha x over n floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, ref float x, ref float y, int n)
    {
        var w = Vector<float>.Count;
        var va = new Vector<float>(alpha);
        for (var i = 0; i < n; i += w)
        {
            Vector.MultiplyAddEstimate(va, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i))
                .StoreUnsafe(ref y, (nuint)i);
        }
    }

    /// <summary>y = M x for a symmetric n x n row-major matrix M (x, y of length n): y = sum_a x[a] M[a,:].</summary>
    public static void SymmetricMatVec(ReadOnlySpan<float> m, ReadOnlySpan<float> x, Span<float> y, int n, int rows)
    {
        ref var mr = ref MemoryMarshal.GetReference(m);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var w = Vector<float>.Count;
        for (var j = 0; j < n; j += 2 * w)
        {
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            var two = j + w < n;
            for (var a = 0; a < rows; a++)
            {
                var xa = new Vector<float>(Unsafe.Add(ref xr, a));
                ref var row = ref Unsafe.Add(ref mr, (a * n) + j);
                acc0 = Vector.MultiplyAddEstimate(xa, Vector.LoadUnsafe(ref row), acc0);
                if (two)
                {
                    acc1 = Vector.MultiplyAddEstimate(xa, Vector.LoadUnsafe(ref row, (nuint)w), acc1);
                }
            }

            acc0.StoreUnsafe(ref yr, (nuint)j);
            if (two)
            {
                acc1.StoreUnsafe(ref yr, (nuint)(j + w));
            }
        }
    }

    /// <summary>
    /// Y = M X for four vectors at once (x and y hold four rows of stride n): each load of M serves four
    /// products. Per lane the sums run in the same order as <see cref="SymmetricMatVec"/>, so the results
    /// are bit-identical to four single calls.
    /// </summary>
    public static void SymmetricMatVec4(ReadOnlySpan<float> m, ReadOnlySpan<float> x, Span<float> y, int n, int rows)
    {
        ref var mr = ref MemoryMarshal.GetReference(m);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, n);
        ref var x2 = ref Unsafe.Add(ref x1, n);
        ref var x3 = ref Unsafe.Add(ref x2, n);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var w = Vector<float>.Count;
        for (var j = 0; j < n; j += w)
        {
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var a = 0; a < rows; a++)
            {
                var g = Vector.LoadUnsafe(ref Unsafe.Add(ref mr, (a * n) + j));
                a0 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x0, a)), g, a0);
                a1 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x1, a)), g, a1);
                a2 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x2, a)), g, a2);
                a3 = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref x3, a)), g, a3);
            }

            a0.StoreUnsafe(ref y0, (nuint)j);
            a1.StoreUnsafe(ref y0, (nuint)(n + j));
            a2.StoreUnsafe(ref y0, (nuint)((2 * n) + j));
            a3.StoreUnsafe(ref y0, (nuint)((3 * n) + j));
        }
    }

    /// <summary>Upper triangle (by vector blocks) of A += sum_t w_t y_t y_t^T for up to four rows at once.</summary>
    public static void RankUpdate(Span<float> a, int n, int k, ReadOnlySpan<float> y0, float w0, ReadOnlySpan<float> y1, float w1, ReadOnlySpan<float> y2, float w2, ReadOnlySpan<float> y3, float w3)
    {
        var width = Vector<float>.Count;
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var r0 = ref MemoryMarshal.GetReference(y0);
        ref var r1 = ref MemoryMarshal.GetReference(y1);
        ref var r2 = ref MemoryMarshal.GetReference(y2);
        ref var r3 = ref MemoryMarshal.GetReference(y3);
        for (var row = 0; row < k; row++)
        {
            var s0 = new Vector<float>(w0 * Unsafe.Add(ref r0, row));
            var s1 = new Vector<float>(w1 * Unsafe.Add(ref r1, row));
            var s2 = new Vector<float>(w2 * Unsafe.Add(ref r2, row));
            var s3 = new Vector<float>(w3 * Unsafe.Add(ref r3, row));
            ref var dst = ref Unsafe.Add(ref ar, row * n);
            for (var c = row / width * width; c < n; c += width)
            {
                var v = Vector.LoadUnsafe(ref dst, (nuint)c);
                v = Vector.MultiplyAddEstimate(s0, Vector.LoadUnsafe(ref r0, (nuint)c), v);
                v = Vector.MultiplyAddEstimate(s1, Vector.LoadUnsafe(ref r1, (nuint)c), v);
                v = Vector.MultiplyAddEstimate(s2, Vector.LoadUnsafe(ref r2, (nuint)c), v);
                v = Vector.MultiplyAddEstimate(s3, Vector.LoadUnsafe(ref r3, (nuint)c), v);
                v.StoreUnsafe(ref dst, (nuint)c);
            }
        }
    }

    /// <summary>Copies the upper triangle of a symmetric n x n matrix onto its lower triangle (first k rows).</summary>
    public static void MirrorUpper(Span<float> a, int n, int k)
    {
        for (var r = 1; r < k; r++)
        {
            for (var c = 0; c < r; c++)
            {
                a[(r * n) + c] = a[(c * n) + r];
            }
        }
    }
}
