namespace MusicRecs.Grains.Factorization;

/// <summary>
/// An immutable sparse matrix in compressed-sparse-row form: row r holds the columns
/// <c>ColumnIndexes[RowStarts[r]..RowStarts[r+1]]</c> (strictly increasing) with their values.
/// Users are rows and artists columns for play counts; <see cref="Transpose"/> gives the artist view.
/// </summary>
public sealed class CsrMatrix
{
    public CsrMatrix(int rows, int columns, int[] rowStarts, int[] columnIndexes, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowStarts);
        ArgumentNullException.ThrowIfNull(columnIndexes);
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "Matrix dimensions must be non-negative.");
        }

        if (rowStarts.Length != rows + 1 || rowStarts[0] != 0 || rowStarts[rows] != columnIndexes.Length || values.Length != columnIndexes.Length)
        {
            throw new ArgumentException("Row starts, column indexes and values are inconsistent.", nameof(rowStarts));
        }

        Rows = rows;
        Columns = columns;
        RowStarts = rowStarts;
        ColumnIndexes = columnIndexes;
        Values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int[] RowStarts { get; }

    public int[] ColumnIndexes { get; }

    public float[] Values { get; }

    public int NonZeros => ColumnIndexes.Length;

    public ReadOnlySpan<int> RowIndexes(int row) => ColumnIndexes.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowStarts[row], RowStarts[row + 1] - RowStarts[row]);

    public int RowLength(int row) => RowStarts[row + 1] - RowStarts[row];

    /// <summary>The value at (row, column), or 0 when absent (binary search in the row).</summary>
    public float Get(int row, int column)
    {
        var idx = RowIndexes(row).BinarySearch(column);
        return idx >= 0 ? Values[RowStarts[row] + idx] : 0f;
    }

    public CsrMatrix Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var c in ColumnIndexes)
        {
            counts[c + 1]++;
        }

        for (var c = 0; c < Columns; c++)
        {
            counts[c + 1] += counts[c];
        }

        var starts = (int[])counts.Clone();
        var next = (int[])counts.Clone();
        var cols = new int[NonZeros];
        var vals = new float[NonZeros];
        for (var r = 0; r < Rows; r++)
        {
            for (var p = RowStarts[r]; p < RowStarts[r + 1]; p++)
            {
                var dst = next[ColumnIndexes[p]]++;
                cols[dst] = r;
                vals[dst] = Values[p];
            }
        }

        return new CsrMatrix(Columns, Rows, starts, cols, vals);
    }

    /// <summary>
    /// Builds a matrix from (row, column, value) triples; duplicates of a cell are summed.
    /// </summary>
    public static CsrMatrix FromTriples(int rows, int columns, ReadOnlySpan<int> rowIdx, ReadOnlySpan<int> colIdx, ReadOnlySpan<float> values)
    {
        if (rowIdx.Length != colIdx.Length || rowIdx.Length != values.Length)
        {
            throw new ArgumentException("Triple arrays differ in length.");
        }

        var starts = new int[rows + 1];
        foreach (var r in rowIdx)
        {
            if ((uint)r >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIdx), $"Row {r} is outside 0..{rows - 1}.");
            }

            starts[r + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            starts[r + 1] += starts[r];
        }

        var next = (int[])starts.Clone();
        var cols = new int[rowIdx.Length];
        var sums = new double[rowIdx.Length];
        for (var t = 0; t < rowIdx.Length; t++)
        {
            var c = colIdx[t];
            if ((uint)c >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(colIdx), $"Column {c} is outside 0..{columns - 1}.");
            }

            var dst = next[rowIdx[t]]++;
            cols[dst] = c;
            sums[dst] = values[t];
        }

        // Sort each row by column and merge duplicates (summed in double).
        var outStarts = new int[rows + 1];
        var outCols = new List<int>(rowIdx.Length);
        var outVals = new List<float>(rowIdx.Length);
        for (var r = 0; r < rows; r++)
        {
            var lo = starts[r];
            var len = starts[r + 1] - lo;
            Array.Sort(cols, sums, lo, len);
            var p = lo;
            while (p < lo + len)
            {
                var c = cols[p];
                var s = 0.0;
                while (p < lo + len && cols[p] == c)
                {
                    s += sums[p++];
                }

                outCols.Add(c);
                outVals.Add((float)s);
            }

            outStarts[r + 1] = outCols.Count;
        }

        return new CsrMatrix(rows, columns, outStarts, [.. outCols], [.. outVals]);
    }
}
