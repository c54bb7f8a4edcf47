namespace MusicRecs.Grains.Plays;

/// <summary>
/// Which streamed events a user grain has applied, per producer: sorted disjoint ranges [start, end] of
/// sequence numbers (a producer numbering an event's plays consecutively stores one range per event), at
/// most <c>window</c> ranges (default <see cref="Window"/>, Live:DedupeWindow), a floor below which
/// everything is too old, and the time of the producer's last applied event.
/// <para>
/// The guarantee: a (producer, sequence) applied once is never applied again while the producer has
/// been idle (no applied event) for less than the max idle age (Live:ProducerMaxIdle). When a producer's
/// ranges exceed the window the oldest are forgotten and the floor rises to the first range kept: a
/// later event below the floor is <see cref="EventStatus.TooOld"/> (rejected and counted, whether it
/// was applied before or not), never taken as new and never silently as a duplicate. A producer idle
/// past the max age is forgotten entirely when the state is next written: only then could a re-sent
/// event of it apply twice.
/// </para>
/// </summary>
internal static class AppliedEvents
{
    /// <summary>The default window in ranges per producer (Live:DedupeWindow).</summary>
    public const int Window = 4096;

    /// <summary>The default age after which an idle producer is forgotten (Live:ProducerMaxIdle).</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromDays(30);

    /// <summary>Stored as a producer's floor when nothing was forgotten (every sequence may be new).</summary>
    private const long NoFloor = long.MinValue;

    /// <summary>
    /// Window of the earlier format, which counted sequence numbers rather than ranges: a stored producer
    /// without a floor that remembers this many numbers may have forgotten older ones.
    /// </summary>
    private const int EarlierWindow = 4096;

    /// <summary>Whether the event is new, was applied (remembered), or lies below the producer's floor.</summary>
    public static EventStatus Classify(UserState state, string producer, long sequence)
    {
        var ranges = Ranges(state, producer);
        if (Contains(ranges, sequence))
        {
            return EventStatus.Duplicate;
        }

        return sequence < Floor(state, producer, ranges) ? EventStatus.TooOld : EventStatus.Fresh;
    }

    /// <summary>
    /// Adds the sequences to the producer's ranges; past <paramref name="window"/> ranges the oldest are
    /// forgotten and the floor becomes the start of the first range kept.
    /// </summary>
    public static void Remember(UserState state, string producer, IEnumerable<long> sequences, int window = Window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var ranges = Ranges(state, producer);
        var floor = Floor(state, producer, ranges);
        var added = sequences.ToArray();
        Array.Sort(added);

        // One pass over the stored ranges and the sorted additions, both ascending, into ranges start0, end0, ...
        var merged = new long[ranges.Length + (2 * added.Length)];
        var w = 0;
        int r = 0, a = 0;
        while (r < ranges.Length || a < added.Length)
        {
            long start, end;
            if (a >= added.Length || (r < ranges.Length && ranges[r] <= added[a]))
            {
                (start, end) = (ranges[r], ranges[r + 1]);
                r += 2;
            }
            else
            {
                start = end = added[a++];
            }

            // Overlapping or adjacent; written without End + 1, which overflows at long.MaxValue.
            if (w > 0 && (start <= merged[w - 1] || start - 1 == merged[w - 1]))
            {
                merged[w - 1] = Math.Max(merged[w - 1], end);
            }
            else
            {
                merged[w++] = start;
                merged[w++] = end;
            }
        }

        var first = Math.Max(0, (w / 2) - window);
        if (first > 0)
        {
            floor = merged[2 * first];
        }

        state.AppliedRanges[producer] = first == 0 && w == merged.Length ? merged : merged[(2 * first)..w];
        state.AppliedFloor[producer] = floor;
    }

    /// <summary>Notes that the producer had an event applied at <paramref name="now"/>.</summary>
    public static void Touch(UserState state, string producer, DateTimeOffset now) => state.ProducerSeen[producer] = now;

    /// <summary>
    /// Forgets every producer whose last applied event is older than <paramref name="maxIdle"/> (ranges, floor
    /// and time). A producer stored before times were kept counts as seen now. Returns the producers forgotten.
    /// </summary>
    public static IReadOnlyList<string> Prune(UserState state, DateTimeOffset now, TimeSpan maxIdle)
    {
        var forgotten = new List<string>();
        foreach (var producer in state.AppliedRanges.Keys.Concat(state.Applied.Keys).Distinct().ToArray())
        {
            if (!state.ProducerSeen.TryGetValue(producer, out var seen))
            {
                state.ProducerSeen[producer] = now;
            }
            else if (now - seen > maxIdle)
            {
                state.AppliedRanges.Remove(producer);
                state.Applied.Remove(producer);
                state.AppliedFloor.Remove(producer);
                state.ProducerSeen.Remove(producer);
                forgotten.Add(producer);
            }
        }

        // Times of producers with nothing remembered (none should remain) are dropped too.
        foreach (var stray in state.ProducerSeen.Keys.Where(p => !state.AppliedRanges.ContainsKey(p) && !state.Applied.ContainsKey(p)).ToArray())
        {
            state.ProducerSeen.Remove(stray);
            state.AppliedFloor.Remove(stray);
        }

        return forgotten;
    }

    /// <summary>Ranges kept for the producer.</summary>
    public static int RangeCount(UserState state, string producer) => Ranges(state, producer).Length / 2;

    private static bool Contains(long[] ranges, long sequence)
    {
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

        return found >= 0 && sequence <= ranges[(2 * found) + 1];
    }

    /// <summary>
    /// The producer's floor: stored, or for a producer stored in the earlier format, the first remembered number
    /// when it remembers a full earlier window (it may have forgotten older ones), else none.
    /// </summary>
    private static long Floor(UserState state, string producer, long[] ranges)
    {
        if (state.AppliedFloor.TryGetValue(producer, out var floor))
        {
            return floor;
        }

        return ranges.Length > 0 && Count(ranges) >= EarlierWindow ? ranges[0] : NoFloor;
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

    /// <summary>
    /// The producer's ranges; a window stored one number per entry (the earliest format) is converted once
    /// (with its floor: it kept the last <see cref="EarlierWindow"/> numbers).
    /// </summary>
    private static long[] Ranges(UserState state, string producer)
    {
        if (state.Applied.Remove(producer, out var numbers))
        {
            var earlier = numbers.Order().ToArray();
            var floor = earlier.Length >= EarlierWindow ? earlier[0] : NoFloor;
            state.AppliedFloor[producer] = Math.Max(floor, state.AppliedFloor.GetValueOrDefault(producer, NoFloor));
            Remember(state, producer, earlier, int.MaxValue);
        }

        return state.AppliedRanges.TryGetValue(producer, out var ranges) ? ranges : [];
    }
}
