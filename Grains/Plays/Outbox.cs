namespace MusicRecs.Grains.Plays;

/// <summary>
/// The listener changes a user owes the artists (the transactional-outbox pattern): an applied batch
/// adds one numbered entry per artist it played, in the same state as the plays, so the user's one write
/// makes both durable; entries the artists acknowledged (through the silo's listener buffer) are
/// forgotten before the next write. Free of Orleans, like <see cref="UserPlays"/>.
/// </summary>
public static class Outbox
{
    /// <summary>Numbers a fresh batch and adds its plays per artist (summed, in order of first appearance): the entries to send.</summary>
    public static IReadOnlyList<OutboxEntry> Add(UserState state, IEnumerable<(int Artist, float Count)> plays)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sequence = state.OutboxSequence + 1;
        var expected = plays.TryGetNonEnumeratedCount(out var n0) ? n0 : 0;
        var sums = new Dictionary<int, double>(expected);
        var order = new List<int>(expected);
        foreach (var (artist, count) in plays)
        {
            if (!sums.TryGetValue(artist, out var sum))
            {
                order.Add(artist);
            }

            sums[artist] = sum + count;
        }

        if (order.Count == 0)
        {
            return [];
        }

        var log = state.Outbox;
        var n = log.Length;
        var added = new OutboxEntry[order.Count];
        var sequences = new long[n + added.Length];
        var artists = new int[n + added.Length];
        var counts = new float[n + added.Length];
        log.Sequences.CopyTo(sequences, 0);
        log.Artists.CopyTo(artists, 0);
        log.Counts.CopyTo(counts, 0);
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = new OutboxEntry(sequence, order[i], (float)sums[order[i]]);
            (sequences[n + i], artists[n + i], counts[n + i]) = (sequence, order[i], added[i].Count);
        }

        state.OutboxSequence = sequence;
        state.Outbox = new OutboxLog { Sequences = sequences, Artists = artists, Counts = counts };
        return added;
    }

    /// <summary>Forgets the entries numbered up to <paramref name="acknowledged"/> (they come first); returns how many went.</summary>
    public static int Trim(UserState state, long acknowledged)
    {
        ArgumentNullException.ThrowIfNull(state);
        var log = state.Outbox;
        var removed = 0;
        while (removed < log.Length && log.Sequences[removed] <= acknowledged)
        {
            removed++;
        }

        if (removed > 0)
        {
            state.Outbox = new OutboxLog { Sequences = log.Sequences[removed..], Artists = log.Artists[removed..], Counts = log.Counts[removed..] };
        }

        return removed;
    }
}
