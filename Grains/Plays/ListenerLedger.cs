using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// An artist's side of the outbox: listener counts with, per listener, the last outbox entry applied.
/// Each (user, sequence) is applied once, in sequence order; unnumbered changes (sequence 0) are applied
/// as they come; factor-only changes (count 0) change no count. Free of Orleans.
/// </summary>
public static class ListenerLedger
{
    /// <summary>
    /// Applies a delivery: the changes sorted by (user, sequence), then one merge pass over the stored list,
    /// which is how a flush stays linear in the list's length (every flush rewrites a popular artist's list).
    /// </summary>
    public static LedgerUpdate Apply(SortedCounts listeners, long[] sequences, IEnumerable<ListenerPlay> plays)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(plays);
        var changes = Sorted(plays);
        if (changes.Length == 0)
        {
            return new LedgerUpdate(listeners, sequences, 0, 0);
        }

        // Per user of the delivery: the count it adds and the last sequence it applies (0: none numbered).
        var users = new List<(int User, double Count, long Sequence)>(changes.Length);
        var duplicates = 0;
        var applied = 0;
        var stored = 0;
        for (var c = 0; c < changes.Length;)
        {
            var user = changes[c].User;
            while (stored < listeners.Length && listeners.Indexes[stored] < user)
            {
                stored++;
            }

            var last = stored < listeners.Length && listeners.Indexes[stored] == user && stored < sequences.Length ? sequences[stored] : 0;
            var numbered = last;
            double count = 0;
            var any = false;
            for (; c < changes.Length && changes[c].User == user; c++)
            {
                var change = changes[c];
                if (change.Sequence > 0)
                {
                    if (change.Sequence <= numbered)
                    {
                        duplicates++;
                        continue;
                    }

                    numbered = change.Sequence;
                }

                count += change.Count;
                applied++;
                any = true;
            }

            if (any)
            {
                users.Add((user, count, numbered));
            }
        }

        return applied == 0
            ? new LedgerUpdate(listeners, sequences, 0, duplicates)
            : new LedgerUpdate(Merge(listeners, sequences, users, out var merged), merged, applied, duplicates);
    }

    /// <summary>The last entry applied from the user (0: none, or a list stored before sequences were kept).</summary>
    public static long SequenceOf(SortedCounts listeners, long[] sequences, int user)
    {
        var i = Array.BinarySearch(listeners.Indexes, user);
        return i >= 0 && i < sequences.Length ? sequences[i] : 0;
    }

    private static Change[] Sorted(IEnumerable<ListenerPlay> plays)
    {
        var list = plays as IReadOnlyCollection<ListenerPlay> ?? [.. plays];
        var n = 0;
        foreach (var p in list)
        {
            n += p.Count != 0f ? 1 : 0;
        }

        var sorted = new Change[n];
        var i = 0;
        foreach (var p in list)
        {
            if (p.Count != 0f)
            {
                sorted[i++] = new Change(p.User, p.Sequence, p.Count);
            }
        }

        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The stored list with the users' additions summed in (new users inserted in order), and their sequences aligned.</summary>
    private static SortedCounts Merge(SortedCounts listeners, long[] sequences, List<(int User, double Count, long Sequence)> users, out long[] mergedSequences)
    {
        var added = 0;
        foreach (var u in users)
        {
            if (Array.BinarySearch(listeners.Indexes, u.User) < 0)
            {
                added++;
            }
        }

        var length = listeners.Length + added;
        var indexes = new int[length];
        var counts = new float[length];
        var timed = listeners.Latest.Length > 0;
        var latest = timed ? new long[length] : [];
        mergedSequences = new long[length];
        int e = 0, w = 0;
        foreach (var (user, count, sequence) in users)
        {
            for (; e < listeners.Length && listeners.Indexes[e] < user; e++, w++)
            {
                Copy(listeners, sequences, e, indexes, counts, latest, mergedSequences, w);
            }

            var present = e < listeners.Length && listeners.Indexes[e] == user;
            indexes[w] = user;
            counts[w] = (float)((present ? listeners.Counts[e] : 0.0) + count);
            if (timed && present && e < listeners.Latest.Length)
            {
                latest[w] = listeners.Latest[e];
            }

            var before = present && e < sequences.Length ? sequences[e] : 0;
            mergedSequences[w] = Math.Max(before, sequence);
            w++;
            if (present)
            {
                e++;
            }
        }

        for (; e < listeners.Length; e++, w++)
        {
            Copy(listeners, sequences, e, indexes, counts, latest, mergedSequences, w);
        }

        return new SortedCounts { Indexes = indexes, Counts = counts, Latest = latest };
    }

    private static void Copy(SortedCounts from, long[] sequences, int e, int[] indexes, float[] counts, long[] latest, long[] mergedSequences, int w)
    {
        indexes[w] = from.Indexes[e];
        counts[w] = from.Counts[e];
        if (latest.Length > 0 && e < from.Latest.Length)
        {
            latest[w] = from.Latest[e];
        }

        mergedSequences[w] = e < sequences.Length ? sequences[e] : 0;
    }

    private readonly record struct Change(int User, long Sequence, float Count) : IComparable<Change>
    {
        public int CompareTo(Change other) => User != other.User ? User.CompareTo(other.User) : Sequence.CompareTo(other.Sequence);
    }
}
