using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MusicRecs.Grains.Factorization;

/// <summary>Scores every row of a factor matrix against one vector in a single SIMD pass.</summary>
public static class FactorScoring
{
    /// <summary>scores[i] = f_i . x, four rows per pass so each load of x serves four dot products.</summary>
    public static void ScoreAll(FactorMatrix factors, ReadOnlySpan<float> x, Span<float> scores)
    {
        if (scores.Length < factors.Rows)
        {
            throw new ArgumentException($"Score buffer holds {scores.Length}, need {factors.Rows}.", nameof(scores));
        }

        if (x.Length < factors.Stride)
        {
            throw new ArgumentException($"Query holds {x.Length} components, need the padded {factors.Stride}.", nameof(x));
        }

        var n = factors.Stride;
        var w = Vector<float>.Count;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var data = ref MemoryMarshal.GetArrayDataReference(factors.Data);
        var r = 0;
        for (; r + 4 <= factors.Rows; r += 4)
        {
            ref var f0 = ref Unsafe.Add(ref data, r * n);
            ref var f1 = ref Unsafe.Add(ref f0, n);
            ref var f2 = ref Unsafe.Add(ref f1, n);
            ref var f3 = ref Unsafe.Add(ref f2, n);
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var c = 0; c < n; c += w)
            {
                var xv = Vector.LoadUnsafe(ref xr, (nuint)c);
                a0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref f0, (nuint)c), xv, a0);
                a1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref f1, (nuint)c), xv, a1);
                a2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref f2, (nuint)c), xv, a2);
                a3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref f3, (nuint)c), xv, a3);
            }

            scores[r] = Vector.Sum(a0);
            scores[r + 1] = Vector.Sum(a1);
            scores[r + 2] = Vector.Sum(a2);
            scores[r + 3] = Vector.Sum(a3);
        }

        for (; r < factors.Rows; r++)
        {
            scores[r] = Simd.Dot(ref Unsafe.Add(ref data, r * n), ref xr, n);
        }
    }

    public static float[] RowNorms(FactorMatrix factors)
    {
        var norms = new float[factors.Rows];
        for (var r = 0; r < norms.Length; r++)
        {
            var row = factors.Row(r);
            norms[r] = MathF.Sqrt(Simd.Dot(row, row));
        }

        return norms;
    }
}
