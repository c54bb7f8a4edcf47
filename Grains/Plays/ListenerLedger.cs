using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// An artist's side of the outbox: listener counts with, per listener, the last outbox entry applied.
/// Each (user, sequence) is applied once, in sequence order; unnumbered changes (sequence 0) are applied
/// as they come; factor-only changes (count 0) change no count. Free of Orleans.
/// </summary>
public static class ListenerLedger
{
    public static LedgerUpdate Apply(SortedCounts listeners, long[] sequences, IEnumerable<ListenerPlay> plays)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(sequences);
        var latest = new Dictionary<int, long>();
        var accepted = new List<(int, float, long)>();
        var duplicates = 0;
        foreach (var p in plays.Where(p => p.Count != 0f).OrderBy(p => p.User).ThenBy(p => p.Sequence))
        {
            if (p.Sequence > 0)
            {
                var last = latest.TryGetValue(p.User, out var seen) ? seen : SequenceOf(listeners, sequences, p.User);
                if (p.Sequence <= last)
                {
                    duplicates++;
                    continue;
                }

                latest[p.User] = p.Sequence;
            }

            accepted.Add((p.User, p.Count, 0L));
        }

        if (accepted.Count == 0)
        {
            return new LedgerUpdate(listeners, sequences, 0, duplicates);
        }

        var merged = listeners.With(accepted);
        var updated = new long[merged.Length];
        for (int j = 0, i = 0; j < merged.Length; j++)
        {
            while (i < listeners.Length && listeners.Indexes[i] < merged.Indexes[j])
            {
                i++;
            }

            if (i < listeners.Length && listeners.Indexes[i] == merged.Indexes[j] && i < sequences.Length)
            {
                updated[j] = sequences[i];
            }
        }

        foreach (var (user, sequence) in latest)
        {
            updated[Array.BinarySearch(merged.Indexes, user)] = sequence;
        }

        return new LedgerUpdate(merged, updated, accepted.Count, duplicates);
    }

    /// <summary>The last entry applied from the user (0: none, or a list stored before sequences were kept).</summary>
    public static long SequenceOf(SortedCounts listeners, long[] sequences, int user)
    {
        var i = Array.BinarySearch(listeners.Indexes, user);
        return i >= 0 && i < sequences.Length ? sequences[i] : 0;
    }
}
