namespace MusicRecs.Grains.Factorization;

/// <summary>
/// The Gramian Y^T Y (plus lambda I) of a factor matrix: the part of every row's normal equations
/// shared by all rows, computed once per half-sweep.
/// </summary>
public static class Gramian
{
    /// <summary>Rows per partial sum. Fixed, so the result is the same for any thread count.</summary>
    private const int ChunkRows = 2048;

    /// <summary>Y^T Y + lambda I as a dense Stride x Stride row-major matrix (padding rows and columns are zero).</summary>
    public static float[] Compute(FactorMatrix y, float lambda, int threads)
    {
        var n = y.Stride;
        var k = y.Factors;
        var chunks = (y.Rows + ChunkRows - 1) / ChunkRows;
        var partials = new float[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, chunk =>
        {
            var g = new float[n * n];
            var end = Math.Min(y.Rows, (chunk + 1) * ChunkRows);
            var r = chunk * ChunkRows;
            for (; r + 4 <= end; r += 4)
            {
                Simd.RankUpdate(g, n, k, y.Row(r), 1f, y.Row(r + 1), 1f, y.Row(r + 2), 1f, y.Row(r + 3), 1f);
            }

            for (; r < end; r++)
            {
                var row = y.Row(r);
                Simd.RankUpdate(g, n, k, row, 1f, row, 0f, row, 0f, row, 0f);
            }

            partials[chunk] = g;
        });

        var sum = new double[n * n];
        foreach (var g in partials)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += g[i];
            }
        }

        var result = new float[n * n];
        for (var r = 0; r < k; r++)
        {
            for (var c = r; c < k; c++)
            {
                result[(r * n) + c] = (float)sum[(r * n) + c];
            }

            result[(r * n) + r] += lambda;
        }

        Simd.MirrorUpper(result, n, k);
        return result;
    }
}
