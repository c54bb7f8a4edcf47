namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Counts keyed by dense index, kept as parallel arrays sorted by index: the form the solvers read
/// directly, and compact in storage. Additions are summed into existing entries.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.SortedCounts")]
public sealed class SortedCounts
{
    [Id(0)] public int[] Indexes { get; set; } = [];

    [Id(1)] public float[] Counts { get; set; } = [];

    /// <summary>Unix seconds of the latest addition per entry (0 when unknown).</summary>
    [Id(2)] public long[] Latest { get; set; } = [];

    public int Length => Indexes.Length;

    /// <summary>Merges (index, count, time) additions; counts must be positive and finite.</summary>
    public void Add(IEnumerable<(int Index, float Count, long Time)> additions)
    {
        var map = new SortedDictionary<int, (double Count, long Time)>();
        for (var i = 0; i < Indexes.Length; i++)
        {
            map[Indexes[i]] = (Counts[i], Latest.Length > i ? Latest[i] : 0);
        }

        foreach (var (index, count, time) in additions)
        {
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Index {index} is negative.");
            }

            if (!(count > 0f) || !float.IsFinite(count))
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Count {count} for index {index} must be positive and finite.");
            }

            map[index] = map.TryGetValue(index, out var old) ? (old.Count + count, Math.Max(old.Time, time)) : (count, time);
        }

        Indexes = [.. map.Keys];
        Counts = map.Values.Select(v => (float)v.Count).ToArray();
        Latest = map.Values.Select(v => v.Time).ToArray();
    }

    /// <summary>How many entries have an index below <paramref name="limit"/> (they come first).</summary>
    public int CountBelow(int limit)
    {
        var i = Array.BinarySearch(Indexes, limit);
        return i >= 0 ? i : ~i;
    }
}
