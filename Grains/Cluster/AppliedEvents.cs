namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Which streamed events a user grain has applied: per producer, the most recent sequence numbers.
/// Delivery is at least once and may reorder; an event is a duplicate if its sequence is remembered,
/// or older than everything remembered once the window is full.
/// </summary>
internal static class AppliedEvents
{
    public const int Window = 4096;

    public static bool IsDuplicate(Dictionary<string, long[]> applied, string producer, long sequence)
    {
        if (!applied.TryGetValue(producer, out var seen))
        {
            return false;
        }

        return Array.BinarySearch(seen, sequence) >= 0 || (seen.Length >= Window && sequence < seen[0]);
    }

    public static void Remember(Dictionary<string, long[]> applied, string producer, IEnumerable<long> sequences)
    {
        var seen = applied.TryGetValue(producer, out var old) ? old : [];
        var added = sequences.ToArray();
        Array.Sort(added);
        var merged = new List<long>(seen.Length + added.Length);
        var i = 0;
        var j = 0;
        while (i < seen.Length || j < added.Length)
        {
            var next = j >= added.Length || (i < seen.Length && seen[i] <= added[j]) ? seen[i] : added[j];
            while (i < seen.Length && seen[i] == next)
            {
                i++;
            }

            while (j < added.Length && added[j] == next)
            {
                j++;
            }

            merged.Add(next);
        }

        applied[producer] = merged.Count > Window ? merged.GetRange(merged.Count - Window, Window).ToArray() : [.. merged];
    }
}
