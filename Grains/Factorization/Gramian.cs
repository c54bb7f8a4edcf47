namespace MusicRecs.Grains.Factorization;

/// <summary>
/// The Gramian Y^T Y (plus lambda I) of a factor matrix: the part of every row's normal equations
/// shared by all rows, computed once per half-sweep.
/// </summary>
public static class Gramian
{
    /// <summary>Rows per partial sum. Fixed, so the result is the same for any thread count.</summary>
    public const int ChunkRows = 2048;

    /// <summary>Y^T Y + lambda I as a dense Stride x Stride row-major matrix (padding rows and columns are zero).</summary>
    public static float[] Compute(FactorMatrix y, float lambda, int threads) => Finish(PartialSum(y, threads), y.Factors, lambda);

    /// <summary>
    /// Y^T Y of one block of rows, in double (Stride x Stride, upper triangle): float partial sums of
    /// <see cref="ChunkRows"/> rows each, added in chunk order. A block that starts at a multiple of
    /// <see cref="ChunkRows"/> has the same chunks as the whole matrix there, so the blocks' sums added in
    /// block order give <see cref="Compute"/>'s matrix up to the order of double additions.
    /// </summary>
    public static double[] PartialSum(FactorMatrix y, int threads, TaskScheduler? scheduler = null)
    {
        var n = y.Stride;
        var k = y.Factors;
        var chunks = (y.Rows + ChunkRows - 1) / ChunkRows;
        var partials = new float[chunks][];
        Parallel.For(0, chunks, Parallelism.Options(threads, scheduler), chunk =>
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

        return sum;
    }

    /// <summary>Adds <paramref name="partial"/> (a <see cref="PartialSum"/>) into <paramref name="total"/>.</summary>
    public static void Accumulate(Span<double> total, ReadOnlySpan<double> partial)
    {
        if (total.Length != partial.Length)
        {
            throw new ArgumentException($"A partial Gramian of {partial.Length} entries cannot be added to one of {total.Length}.", nameof(partial));
        }

        for (var i = 0; i < total.Length; i++)
        {
            total[i] += partial[i];
        }
    }

    /// <summary>The float Gramian with lambda I from a (summed) <see cref="PartialSum"/>: upper triangle rounded, lambda on the diagonal, mirrored.</summary>
    public static float[] Finish(ReadOnlySpan<double> sum, int factors, float lambda)
    {
        var n = FactorMatrix.PaddedStride(factors);
        if (sum.Length != n * n)
        {
            throw new ArgumentException($"A Gramian of {factors} factors has {n * n} entries, not {sum.Length}.", nameof(sum));
        }

        var result = new float[n * n];
        for (var r = 0; r < factors; r++)
        {
            for (var c = r; c < factors; c++)
            {
                result[(r * n) + c] = (float)sum[(r * n) + c];
            }

            result[(r * n) + r] += lambda;
        }

        Simd.MirrorUpper(result, n, factors);
        return result;
    }
}
