using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>Small whole-matrix operations the evaluations need: sum two matrices, split off some rows.</summary>
public static class CsrOps
{
    /// <summary>a + b entry by entry (same shape; a pair in both is summed).</summary>
    public static CsrMatrix Merge(CsrMatrix a, CsrMatrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = new int[a.NonZeros + b.NonZeros];
        var cols = new int[rows.Length];
        var vals = new float[rows.Length];
        var t = 0;
        foreach (var m in new[] { a, b })
        {
            for (var r = 0; r < m.Rows; r++)
            {
                for (var p = m.RowStarts[r]; p < m.RowStarts[r + 1]; p++, t++)
                {
                    rows[t] = r;
                    cols[t] = m.ColumnIndexes[p];
                    vals[t] = m.Values[p];
                }
            }
        }

        return CsrMatrix.FromTriples(a.Rows, a.Columns, rows, cols, vals);
    }

    /// <summary>The rows not flagged, and the rows flagged, each in a matrix of the input's shape.</summary>
    public static (CsrMatrix Kept, CsrMatrix Taken) SplitRows(CsrMatrix m, bool[] take)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(take);
        var flags = new bool[m.NonZeros];
        for (var r = 0; r < m.Rows; r++)
        {
            for (var p = m.RowStarts[r]; p < m.RowStarts[r + 1]; p++)
            {
                flags[p] = take[r];
            }
        }

        return (Holdout.Extract(m, flags, test: false), Holdout.Extract(m, flags, test: true));
    }
}
