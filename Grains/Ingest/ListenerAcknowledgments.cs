namespace MusicRecs.Grains.Ingest;

/// <summary>
/// Per user, the highest outbox entry every artist it went to has persisted through this silo: entries up
/// to it may leave the user's outbox. Thread-safe.
/// </summary>
public sealed class ListenerAcknowledgments
{
    private readonly Dictionary<int, long> _through = [];

    public long Of(int user)
    {
        lock (_through)
        {
            return _through.GetValueOrDefault(user);
        }
    }

    /// <summary>The user's outbox is empty up to <paramref name="sequence"/>: no need to remember it.</summary>
    public void Forget(int user, long sequence)
    {
        lock (_through)
        {
            if (_through.TryGetValue(user, out var acked) && acked <= sequence)
            {
                _through.Remove(user);
            }
        }
    }

    /// <summary>
    /// Acknowledges per user the entries of a flush up to the first that failed (or all it sent): everything
    /// this silo holds of a user below a sequence it sent was added before it, so it was in this flush or an earlier one.
    /// </summary>
    public void Record(IReadOnlyList<ListenerChange> batch, bool[] failed)
    {
        var delivered = new Dictionary<int, (long Max, long FirstFailed)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var play = batch[i].Play;
            if (play.Sequence <= 0)
            {
                continue;
            }

            var (max, firstFailed) = delivered.GetValueOrDefault(play.User, (0L, long.MaxValue));
            delivered[play.User] = failed[i] ? (max, Math.Min(firstFailed, play.Sequence)) : (Math.Max(max, play.Sequence), firstFailed);
        }

        lock (_through)
        {
            foreach (var (user, (max, firstFailed)) in delivered)
            {
                var through = firstFailed == long.MaxValue ? max : firstFailed - 1;
                if (through > _through.GetValueOrDefault(user))
                {
                    _through[user] = through;
                }
            }
        }
    }
}
