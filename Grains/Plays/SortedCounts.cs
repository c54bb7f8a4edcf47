namespace MusicRecs.Grains.Plays;

/// <summary>
/// Counts keyed by dense index, kept as parallel arrays sorted by index: the form the solvers read
/// directly. Stored packed (<see cref="Storage.Packed.SortedCountsConverter"/>). Additions are summed into existing entries.
/// </summary>
[Alias("MusicRecs.SortedCounts")]
public sealed class SortedCounts
{
    public int[] Indexes { get; set; } = [];

    public float[] Counts { get; set; } = [];

    /// <summary>Unix seconds of the latest addition per entry (0 when unknown); empty when no entry has a time.</summary>
    public long[] Latest { get; set; } = [];

    public int Length => Indexes.Length;

    /// <summary>A copy with the additions merged (see <see cref="Add"/>); this instance is left unchanged, so a bad batch changes nothing.</summary>
    public SortedCounts With(IEnumerable<(int Index, float Count, long Time)> additions)
    {
        var updated = new SortedCounts { Indexes = Indexes, Counts = Counts, Latest = Latest };
        updated.Add(additions);
        return updated;
    }

    /// <summary>
    /// Merges (index, count, time) additions; counts must be positive and finite. <see cref="Latest"/> stays
    /// empty while no addition carries a time (an artist's listener list, plays without timestamps): eight
    /// bytes per entry that every write would otherwise carry as zeros.
    /// </summary>
    public void Add(IEnumerable<(int Index, float Count, long Time)> additions)
    {
        var added = additions as (int Index, float Count, long Time)[] ?? additions.ToArray();
        var timed = Latest.Length > 0;
        foreach (var (index, count, time) in added)
        {
            if (index < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Index {index} is negative.");
            }

            if (!(count > 0f) || !float.IsFinite(count))
            {
                throw new ArgumentOutOfRangeException(nameof(additions), $"Count {count} for index {index} must be positive and finite.");
            }

            timed |= time != 0;
        }

        // Additions sorted by (index, position): equal indexes sum in the order given. Then one merge pass.
        var order = new long[added.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = ((long)added[i].Index << 32) | (uint)i;
        }

        Array.Sort(order);
        var distinct = 0;
        for (var i = 0; i < order.Length; i++)
        {
            // Only indexes not stored yet take a new entry.
            if ((i == 0 || order[i] >> 32 != order[i - 1] >> 32) && Array.BinarySearch(Indexes, (int)(order[i] >> 32)) < 0)
            {
                distinct++;
            }
        }

        var indexes = new int[Indexes.Length + distinct];
        var counts = new float[indexes.Length];
        var latest = timed ? new long[indexes.Length] : [];
        var e = 0;
        var n = 0;
        var w = 0;
        while (e < Indexes.Length || n < order.Length)
        {
            var next = n < order.Length && (e >= Indexes.Length || (int)(order[n] >> 32) <= Indexes[e]) ? (int)(order[n] >> 32) : Indexes[e];
            double count = 0;
            long time = 0;
            if (e < Indexes.Length && Indexes[e] == next)
            {
                count = Counts[e];
                time = Latest.Length > e ? Latest[e] : 0;
                e++;
            }

            for (; n < order.Length && (int)(order[n] >> 32) == next; n++)
            {
                var a = added[(int)(uint)order[n]];
                count += a.Count;
                time = Math.Max(time, a.Time);
            }

            indexes[w] = next;
            counts[w] = (float)count;
            if (timed)
            {
                latest[w] = time;
            }

            w++;
        }

        Indexes = indexes;
        Counts = counts;
        Latest = latest;
    }

    /// <summary>How many entries have an index below <paramref name="limit"/> (they come first).</summary>
    public int CountBelow(int limit)
    {
        var i = Array.BinarySearch(Indexes, limit);
        return i >= 0 ? i : ~i;
    }
}
