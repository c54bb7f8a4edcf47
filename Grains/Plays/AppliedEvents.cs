namespace MusicRecs.Grains.Plays;

/// <summary>
/// Which streamed events a user grain has applied: per producer, the most recent <c>window</c> (default <see cref="Window"/>)
/// sequence numbers, kept as sorted disjoint ranges [start, end] (a producer numbering each event's plays
/// consecutively stores one range per event, not one number per play). Delivery is at least once and may
/// reorder; an event is a duplicate if its sequence is remembered, or older than everything remembered
/// once the window is full.
/// </summary>
internal static class AppliedEvents
{
    /// <summary>The default window (Live:DedupeWindow).</summary>
    public const int Window = 4096;

    public static bool IsDuplicate(UserState state, string producer, long sequence, int window = Window)
    {
        var ranges = Ranges(state, producer, window);
        if (ranges.Length == 0)
        {
            return false;
        }

        // The last range starting at or before the sequence.
        int lo = 0, hi = (ranges.Length / 2) - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (ranges[2 * mid] <= sequence)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return (found >= 0 && sequence <= ranges[(2 * found) + 1]) || (Count(ranges) >= window && sequence < ranges[0]);
    }

    public static void Remember(UserState state, string producer, IEnumerable<long> sequences, int window = Window)
    {
        var merged = new List<(long Start, long End)>();
        var ranges = Ranges(state, producer, window);
        var all = new List<(long Start, long End)>(ranges.Length / 2);
        for (var i = 0; i < ranges.Length; i += 2)
        {
            all.Add((ranges[i], ranges[i + 1]));
        }

        all.AddRange(sequences.Select(s => (s, s)));
        all.Sort();
        foreach (var r in all)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End + 1)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            }
            else
            {
                merged.Add(r);
            }
        }

        // Forget the oldest numbers beyond the window.
        var excess = merged.Sum(r => r.End - r.Start + 1) - window;
        var first = 0;
        while (excess > 0)
        {
            var length = merged[first].End - merged[first].Start + 1;
            if (length <= excess)
            {
                excess -= length;
                first++;
            }
            else
            {
                merged[first] = (merged[first].Start + excess, merged[first].End);
                excess = 0;
            }
        }

        state.AppliedRanges[producer] = [.. merged.Skip(first).SelectMany(r => new[] { r.Start, r.End })];
    }

    private static long Count(long[] ranges)
    {
        long count = 0;
        for (var i = 0; i < ranges.Length; i += 2)
        {
            count += ranges[i + 1] - ranges[i] + 1;
        }

        return count;
    }

    /// <summary>The producer's ranges; a window stored one number per entry (the earlier format) is converted once.</summary>
    private static long[] Ranges(UserState state, string producer, int window)
    {
        if (state.Applied.Remove(producer, out var numbers))
        {
            Remember(state, producer, numbers, window);
        }

        return state.AppliedRanges.TryGetValue(producer, out var ranges) ? ranges : [];
    }
}
