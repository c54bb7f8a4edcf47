using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// The rules of a user's plays, free of Orleans: which events of a batch are valid and new, and how
/// plays merge into the stored counts. A user grain calls these between its reads and writes of state.
/// </summary>
public static class UserPlays
{
    /// <summary>
    /// Sorts a streamed batch: an event needs an artist, a producer and a positive finite count, and is new
    /// when its (producer, sequence) is neither remembered by the state nor earlier in the same batch.
    /// </summary>
    public static PlayCheck Check(UserState state, IEnumerable<PlayEvent> plays, int window = AppliedEvents.Window)
    {
        ArgumentNullException.ThrowIfNull(state);
        var fresh = new List<PlayEvent>();
        var rejected = new List<PlayEvent>();
        var inBatch = new HashSet<(string, long)>();
        var duplicates = 0;
        foreach (var e in plays)
        {
            if (string.IsNullOrEmpty(e.Artist) || !(e.Count > 0f) || !float.IsFinite(e.Count) || string.IsNullOrEmpty(e.Producer))
            {
                rejected.Add(e);
            }
            else if (!AppliedEvents.IsDuplicate(state, e.Producer, e.Sequence, window) && inBatch.Add((e.Producer, e.Sequence)))
            {
                fresh.Add(e);
            }
            else
            {
                duplicates++;
            }
        }

        return new PlayCheck(fresh, rejected, duplicates);
    }

    /// <summary>
    /// Merges checked events (artist ids resolved by <paramref name="indexOf"/>) into the counts and
    /// remembers their ids, so a redelivery of any of them is a duplicate.
    /// </summary>
    public static void Apply(UserState state, IReadOnlyList<PlayEvent> fresh, IReadOnlyDictionary<string, int> indexOf, DateTimeOffset now, int window = AppliedEvents.Window)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Plays = state.Plays.With(fresh.Select(e => (indexOf[e.Artist], e.Count, e.Timestamp)));
        state.LastChange = now;
        foreach (var byProducer in fresh.GroupBy(e => e.Producer))
        {
            AppliedEvents.Remember(state, byProducer.Key, byProducer.Select(e => e.Sequence), window);
        }
    }
}
