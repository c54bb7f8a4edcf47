namespace MusicRecs.Grains.Plays;

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

    /// <summary>A copy with the additions merged (see <see cref="Add"/>); this instance is left unchanged, so a bad batch changes nothing.</summary>
    public SortedCounts With(IEnumerable<(int Index, float Count, long Time)> additions)
    {
        var updated = new SortedCounts { Indexes = Indexes, Counts = Counts, Latest = Latest };
        updated.Add(additions);
        return updated;
    }

    /// <summary>Merges (index, count, time) additions; counts must be positive and finite.</summary>
    public void Add(IEnumerable<(int Index, float Count, long Time)> additions)
    {
        var added = additions.ToArray();
        foreach (var (index, count, _) in added)
        {
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Index {index} is negative.");
            }

            if (!(count > 0f) || !float.IsFinite(count))
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Count {count} for index {index} must be positive and finite.");
            }
        }

        // Additions sorted by index (stable, so equal indexes sum in the order given), then one merge pass.
        var order = new int[added.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => added[a].Index != added[b].Index ? added[a].Index.CompareTo(added[b].Index) : a.CompareTo(b));
        var indexes = new List<int>(Indexes.Length + added.Length);
        var counts = new List<float>(indexes.Capacity);
        var latest = new List<long>(indexes.Capacity);
        var e = 0;
        var n = 0;
        while (e < Indexes.Length || n < order.Length)
        {
            var next = n < order.Length && (e >= Indexes.Length || added[order[n]].Index <= Indexes[e]) ? added[order[n]].Index : Indexes[e];
            double count = 0;
            long time = 0;
            if (e < Indexes.Length && Indexes[e] == next)
            {
                count = Counts[e];
                time = Latest.Length > e ? Latest[e] : 0;
                e++;
            }

            for (; n < order.Length && added[order[n]].Index == next; n++)
            {
                count += added[order[n]].Count;
                time = Math.Max(time, added[order[n]].Time);
            }

            indexes.Add(next);
            counts.Add((float)count);
            latest.Add(time);
        }

        Indexes = [.. indexes];
        Counts = [.. counts];
        Latest = [.. latest];
    }

    /// <summary>How many entries have an index below <paramref name="limit"/> (they come first).</summary>
    public int CountBelow(int limit)
    {
        var i = Array.BinarySearch(Indexes, limit);
        return i >= 0 ? i : ~i;
    }
}
