namespace MusicRecs.Grains.Plays;

/// <summary>
/// The listener changes a user owes the artists (the transactional-outbox pattern): an applied batch
/// adds one numbered entry per artist it played, in the same state as the plays, so the user's one write
/// makes both durable; entries the artists acknowledged (through the silo's listener buffer) are
/// forgotten before the next write. Free of Orleans, like <see cref="UserPlays"/>.
/// </summary>
public static class Outbox
{
    /// <summary>Numbers a fresh batch and adds its plays per artist (summed): the entries to send.</summary>
    public static IReadOnlyList<OutboxEntry> Add(UserState state, IEnumerable<(int Artist, string ArtistId, float Count)> plays)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sequence = state.OutboxSequence + 1;
        var added = plays
            .GroupBy(p => p.Artist)
            .Select(g => new OutboxEntry(sequence, g.Key, g.First().ArtistId, (float)g.Sum(p => (double)p.Count)))
            .ToArray();
        if (added.Length == 0)
        {
            return added;
        }

        state.OutboxSequence = sequence;
        state.Outbox = [.. state.Outbox, .. added];
        return added;
    }

    /// <summary>Forgets the entries numbered up to <paramref name="acknowledged"/>; returns how many went.</summary>
    public static int Trim(UserState state, long acknowledged)
    {
        ArgumentNullException.ThrowIfNull(state);
        var kept = state.Outbox.Where(e => e.Sequence > acknowledged).ToArray();
        var removed = state.Outbox.Length - kept.Length;
        if (removed > 0)
        {
            state.Outbox = kept;
        }

        return removed;
    }
}
