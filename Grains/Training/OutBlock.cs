using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>
/// The rows of the other side a partition's observations touch (what Spark's ALS calls its out-block), grouped by
/// the snapshot block that holds them, and the partition's observations with their columns renumbered into that
/// compact set. Planned once per run from the partition's training copy; fetched per half-sweep with one call per
/// snapshot block. The renumbering keeps the order of the columns (the set is sorted), so every row's sums run in
/// the same order as against the whole snapshot and the solve gives the same factors.
/// </summary>
/// <remarks>
/// The observations' columns are held once, in whichever numbering the last solve read them (<see cref="Local"/> or
/// <see cref="Global"/>), and renumbered in place when the other is asked for: a copy per half-sweep made 4 bytes an
/// observation of garbage each time (40 MB an iteration at 10M pairs, on the large-object heap for the large partitions).
/// A partition solves one block at a time, so no two readers see the array at once; a matrix returned earlier reads
/// the other numbering once the next one is asked for.
/// </remarks>
internal sealed class OutBlock
{
    private readonly int _otherRows;
    private readonly CsrMatrix _local;
    private readonly CsrMatrix _global;
    private bool _inGlobal;

    private OutBlock(int otherRows, int[] rows, int[] groupStarts, ImmutableArray<int>[] requests, CsrMatrix local)
    {
        _otherRows = otherRows;
        Rows = rows;
        GroupStarts = groupStarts;
        Requests = requests;
        _local = local;
        _global = new CsrMatrix(local.Rows, otherRows, local.RowStarts, local.ColumnIndexes, local.Values);
    }

    /// <summary>The other side's rows used, ascending.</summary>
    public int[] Rows { get; }

    /// <summary>Per snapshot block b, the position in <see cref="Rows"/> of its first row (length blocks + 1).</summary>
    public int[] GroupStarts { get; }

    /// <summary>Per snapshot block, the rows to ask it for (empty: the block is not called).</summary>
    public ImmutableArray<int>[] Requests { get; }

    /// <summary>The observations with column j renumbered to its position in <see cref="Rows"/> (renumbered in place if they were global).</summary>
    public CsrMatrix Local
    {
        get
        {
            if (_inGlobal)
            {
                var columns = _local.ColumnIndexes;
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = Array.BinarySearch(Rows, columns[i]);
                }

                _inGlobal = false;
            }

            return _local;
        }
    }

    /// <summary>The observations with their columns as the other side numbers them, the snapshot's rows (renumbered in place if they were local).</summary>
    public CsrMatrix Global()
    {
        if (!_inGlobal)
        {
            var columns = _global.ColumnIndexes;
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = Rows[columns[i]];
            }

            _inGlobal = true;
        }

        return _global;
    }

    /// <summary>Bytes of the rows asked for; a block asked for at least half its rows answers with all of them (see <see cref="FactorRows"/>).</summary>
    public long Bytes(int factors)
    {
        long rows = 0;
        for (var b = 0; b < Requests.Length; b++)
        {
            var blockRows = Math.Min(SnapshotKeys.BlockRows, _otherRows - (b * SnapshotKeys.BlockRows));
            rows += Requests[b].Length == 0 ? 0 : 2 * Requests[b].Length >= blockRows ? blockRows : Requests[b].Length;
        }

        return rows * factors * sizeof(float);
    }

    public static OutBlock Plan(CsrMatrix excess)
    {
        // The distinct columns: sort a copy and keep the first of each run (memory O(observations), not O(columns)).
        var sorted = (int[])excess.ColumnIndexes.Clone();
        Array.Sort(sorted);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                sorted[distinct++] = sorted[i];
            }
        }

        var rows = sorted[..distinct];
        var blocks = SnapshotKeys.Blocks(excess.Columns);
        var groupStarts = new int[blocks + 1];
        var requests = new ImmutableArray<int>[blocks];
        var position = 0;
        for (var b = 0; b < blocks; b++)
        {
            groupStarts[b] = position;
            var end = position;
            while (end < rows.Length && rows[end] < (b + 1) * SnapshotKeys.BlockRows)
            {
                end++;
            }

            requests[b] = ImmutableArray.Create(rows, position, end - position);
            position = end;
        }

        groupStarts[blocks] = position;
        if (position != rows.Length)
        {
            throw new InvalidOperationException($"Observations name column {rows[position]}, past the {excess.Columns} rows of the other side.");
        }

        var local = new int[excess.NonZeros];
        for (var i = 0; i < local.Length; i++)
        {
            local[i] = Array.BinarySearch(rows, excess.ColumnIndexes[i]);
        }

        return new OutBlock(excess.Columns, rows, groupStarts, requests, new CsrMatrix(excess.Rows, rows.Length, excess.RowStarts, local, excess.Values));
    }

    /// <summary>
    /// The used rows, per snapshot block (null where none is used): one <see cref="IFactorBlockGrain.ReadRows"/> call
    /// per snapshot block that holds a used row, all at once. <paramref name="blockKey"/> names block b of the snapshot;
    /// blocks in <paramref name="callerSilo"/> answer whole (see <see cref="InPlace"/>).
    /// </summary>
    public async Task<FactorRows?[]> FetchAsync(IGrainFactory grains, Func<int, string> blockKey, int factors, string? callerSilo = null)
    {
        var fetched = new FactorRows?[Requests.Length];
        await Task.WhenAll(Enumerable.Range(0, Requests.Length).Where(b => Requests[b].Length > 0).Select(async b =>
        {
            var rows = await grains.GetGrain<IFactorBlockGrain>(blockKey(b)).ReadRows(Requests[b], callerSilo);
            var asked = Requests[b];
            var fits = rows.FirstRow < 0
                ? rows.Rows == asked.Length
                : rows.FirstRow <= asked[0] && asked[^1] < rows.FirstRow + rows.Rows;
            if (!fits || rows.Factors != factors || rows.Floats.Length != rows.Rows * factors)
            {
                throw new InvalidOperationException($"Block {blockKey(b)} answered {rows.Rows} rows from {rows.FirstRow} of {rows.Factors} factors ({rows.Floats.Length} floats); {asked.Length} rows from {asked[0]} of {factors} were asked.");
            }

            fetched[b] = rows;
        }));
        return fetched;
    }

    /// <summary>
    /// Whether the solve can read the other side's rows in place from what <see cref="FetchAsync"/> returned: every
    /// block answered whole (as blocks in the caller's silo do) and a row needs no padding. Otherwise
    /// <see cref="Assemble"/> copies the rows into a compact buffer.
    /// </summary>
    public static bool CanReadInPlace(FactorRows?[] fetched, int factors)
    {
        if (FactorMatrix.PaddedStride(factors) != factors || !System.Numerics.BitOperations.IsPow2(SnapshotKeys.BlockRows))
        {
            return false;
        }

        for (var b = 0; b < fetched.Length; b++)
        {
            if (fetched[b] is { } rows && rows.FirstRow != b * SnapshotKeys.BlockRows)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The other side's factors over the fetched blocks' stored bytes (no copy; see <see cref="CanReadInPlace"/>), with
    /// the observations in the other side's numbering.
    /// </summary>
    public (FactorMatrix Factors, CsrMatrix Excess) ReadInPlace(FactorRows?[] fetched, int factors)
    {
        if (!CanReadInPlace(fetched, factors))
        {
            throw new InvalidOperationException("The fetched rows cannot be read in place: a block answered only the rows asked for, or rows need padding.");
        }

        var blocks = fetched.Select(rows => rows?.Bytes ?? []).ToArray();
        var shift = System.Numerics.BitOperations.Log2((uint)SnapshotKeys.BlockRows);
        return (FactorMatrix.OverBlocks(_otherRows, factors, blocks, shift), Global());
    }

    /// <summary>
    /// The compact factor matrix from what <see cref="FetchAsync"/> returned, in <paramref name="buffer"/> (a whole number of
    /// padded rows, at least <see cref="Rows"/>' count): row j is the other side's row <see cref="Rows"/>[j]; rows past
    /// those are never referenced. With it, <see cref="Local"/> sized to the buffer's rows.
    /// </summary>
    public (FactorMatrix Factors, CsrMatrix Excess) Assemble(FactorRows?[] fetched, int factors, float[] buffer, int threads, TaskScheduler? scheduler = null)
    {
        var stride = FactorMatrix.PaddedStride(factors);
        var matrix = new FactorMatrix(buffer.Length / stride, factors, buffer);
        if (matrix.Rows < Rows.Length)
        {
            throw new ArgumentException($"A buffer of {matrix.Rows} rows cannot hold an out-block of {Rows.Length}.", nameof(buffer));
        }

        Parallel.For(0, fetched.Length, Parallelism.Options(threads, scheduler), b =>
        {
            if (fetched[b] is not { } rows)
            {
                return;
            }

            var asked = Requests[b];
            for (var i = 0; i < asked.Length; i++)
            {
                var row = matrix.Row(GroupStarts[b] + i);
                rows.Row(asked[i], i).CopyTo(row);

                // A reused buffer may hold another run's values in the padding, which the kernels expect to be zero.
                row[factors..].Clear();
            }
        });
        var local = Local;
        return (matrix, new CsrMatrix(local.Rows, matrix.Rows, local.RowStarts, local.ColumnIndexes, local.Values));
    }
}
