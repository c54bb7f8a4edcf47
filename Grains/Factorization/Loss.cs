namespace MusicRecs.Grains.Factorization;

/// <summary>
/// The implicit-ALS objective, sum over all (u,i) of c_ui (p_ui - x_u.y_i)^2 + lambda(|X|^2 + |Y|^2),
/// in O(nnz k + rows k^2): the unobserved cells contribute sum_i y_i^T (X^T X) y_i, and each observed
/// cell corrects its term by c(1 - s)^2 - s^2.
/// </summary>
public static class Loss
{
    private const int ChunkRows = 1024;

    /// <summary>
    /// One row's share: y^T G y + sum over observed cells of c(1 - s)^2 - s^2 (G includes lambda I, giving lambda |y|^2).
    /// <paramref name="scratch"/> holds one padded row.
    /// </summary>
    public static double RowTerm(ReadOnlySpan<float> y, FactorMatrix other, float[] otherGramian, ReadOnlySpan<int> indexes, ReadOnlySpan<float> excess, Span<float> scratch)
    {
        Simd.SymmetricMatVec(otherGramian, y, scratch, other.Stride, other.Factors);
        double sum = Simd.Dot(y, scratch);
        for (var t = 0; t < indexes.Length; t++)
        {
            double s = Simd.Dot(y, other.Row(indexes[t]));
            sum += ((1.0 + excess[t]) * (1.0 - s) * (1.0 - s)) - (s * s);
        }

        return sum;
    }

    /// <summary>Sum of <see cref="RowTerm"/> over all rows, in parallel over fixed chunks summed in order.</summary>
    public static double RowTerms(FactorMatrix rows, FactorMatrix other, CsrMatrix excess, float[] otherGramian, int threads, TaskScheduler? scheduler = null)
    {
        var chunks = (rows.Rows + ChunkRows - 1) / ChunkRows;
        var partial = new double[chunks];
        Parallel.For(0, chunks, Parallelism.Options(threads, scheduler), chunk =>
        {
            var scratch = new float[rows.Stride];
            var sum = 0.0;
            var end = Math.Min(rows.Rows, (chunk + 1) * ChunkRows);
            for (var r = chunk * ChunkRows; r < end; r++)
            {
                sum += RowTerm(rows.Row(r), other, otherGramian, excess.RowIndexes(r), excess.RowValues(r), scratch);
            }

            partial[chunk] = sum;
        });

        var total = 0.0;
        foreach (var s in partial)
        {
            total += s;
        }

        return total;
    }

    /// <param name="rows">The side whose rows are summed over (e.g. artists).</param>
    /// <param name="other">The other side (e.g. users).</param>
    /// <param name="excess">c - 1 per observed cell, rows x other.</param>
    /// <param name="otherGramian">other^T other + lambda I, as <see cref="Gramian.Compute"/> returns.</param>
    public static double Compute(FactorMatrix rows, FactorMatrix other, CsrMatrix excess, float[] otherGramian, float lambda, int threads)
    {
        var total = RowTerms(rows, other, excess, otherGramian, threads);
        var otherNorm = 0.0;
        for (var r = 0; r < other.Rows; r++)
        {
            otherNorm += Simd.Dot(other.Row(r), other.Row(r));
        }

        return total + (lambda * otherNorm);
    }
}
