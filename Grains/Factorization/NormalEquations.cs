namespace MusicRecs.Grains.Factorization;

/// <summary>
/// The normal equations of one row: A = Y^T Y + lambda I + Y_u^T (C_u - I) Y_u and b = Y_u^T C_u p_u,
/// with p = 1 on every observed cell, built from the shared Gramian and the row's observed cells.
/// </summary>
public static class NormalEquations
{
    /// <summary>Fills <paramref name="a"/> (n x n, symmetric) and <paramref name="b"/> (length n).</summary>
    public static void Build(ReadOnlySpan<float> gramian, FactorMatrix fixedSide, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, Span<float> a, Span<float> b)
    {
        var n = fixedSide.Stride;
        var k = fixedSide.Factors;
        gramian.CopyTo(a);
        b[..n].Clear();
        var t = 0;
        for (; t + 4 <= indexes.Length; t += 4)
        {
            var y0 = fixedSide.Row(indexes[t]);
            var y1 = fixedSide.Row(indexes[t + 1]);
            var y2 = fixedSide.Row(indexes[t + 2]);
            var y3 = fixedSide.Row(indexes[t + 3]);
            Simd.RankUpdate(a, n, k, y0, excess[t], y1, excess[t + 1], y2, excess[t + 2], y3, excess[t + 3]);
            Simd.Axpy(1f + excess[t], ref y0[0], ref b[0], n);
            Simd.Axpy(1f + excess[t + 1], ref y1[0], ref b[0], n);
            Simd.Axpy(1f + excess[t + 2], ref y2[0], ref b[0], n);
            Simd.Axpy(1f + excess[t + 3], ref y3[0], ref b[0], n);
        }

        for (; t < indexes.Length; t++)
        {
            var y = fixedSide.Row(indexes[t]);
            Simd.RankUpdate(a, n, k, y, excess[t], y, 0f, y, 0f, y, 0f);
            Simd.Axpy(1f + excess[t], ref y[0], ref b[0], n);
        }

        Simd.MirrorUpper(a, n, k);
    }
}
