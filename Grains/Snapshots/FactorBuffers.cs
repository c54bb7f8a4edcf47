namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Large float buffers for out-blocks, reused across partitions and half-sweeps: at most one per compute slot is
/// kept. An out-block can be as large as the whole other side (every user of a data set may listen to a popular
/// artist partition), and allocating one per partition per half-sweep on the large-object heap made the collector
/// sweep the silo's whole heap (its grains' plays) several times a half-sweep.
/// </summary>
public sealed class FactorBuffers(int capacity)
{
    /// <summary>Rows a new buffer is rounded up to, so that later, slightly larger out-blocks fit it.</summary>
    private const int RowQuantum = 4096;

    private readonly object _lock = new();
    private readonly List<float[]> _free = [];

    /// <summary>
    /// A buffer of at least <paramref name="rows"/> rows of <paramref name="stride"/> floats whose length is a whole
    /// number of rows; contents undefined. A new buffer has room for <paramref name="largest"/> rows (the whole other
    /// side), so that every later out-block fits every kept buffer: sized to its first out-block, a buffer kept by one
    /// slot was too small for the largest out-block when another slot took that one first, and each such half-sweep
    /// left another 50 MB on the large-object heap (on the 10M-pair set it grew by 240 MB over two iterations).
    /// </summary>
    public float[] Rent(int rows, int stride, int largest)
    {
        var needed = (long)rows * stride;
        lock (_lock)
        {
            float[]? best = null;
            foreach (var b in _free)
            {
                if (b.LongLength >= needed && b.Length % stride == 0 && (best is null || b.Length < best.Length))
                {
                    best = b;
                }
            }

            if (best is not null)
            {
                _free.Remove(best);
                return best;
            }
        }

        var size = Math.Max(rows, largest);
        return new float[(long)((size + RowQuantum - 1) / RowQuantum) * RowQuantum * stride];
    }

    /// <summary>Keeps <paramref name="buffer"/> for a later <see cref="Rent"/>, dropping the smallest kept one beyond the capacity.</summary>
    public void Return(float[] buffer)
    {
        lock (_lock)
        {
            _free.Add(buffer);
            if (_free.Count > Math.Max(1, capacity))
            {
                _free.Remove(_free.MinBy(b => b.Length)!);
            }
        }
    }
}
