namespace MusicRecs.Grains.Ingest;

/// <summary>
/// What an activation of a user or artist grain has served: only bulk work (an import's batch, the listener changes
/// of a flush, training's gather, a consistency check) or also live work (a query, a streamed play, a live factor).
/// A bulk-only activation leaves as soon as it is idle when the silo releases them (Live:ReleaseBulkActivations):
/// an import or a training run touches every grain once, and keeping them all resident cost about 2.5 KB of
/// Orleans' bookkeeping per activation beside the live state and storage's copy of it (docs/cluster.md, "Silo memory").
/// </summary>
public sealed class ActivationUse(bool releaseBulk)
{
    private bool _live;
    private IGrainTimer? _departure;

    /// <summary>The activation served live work: it stays for Orleans' collection age like any other.</summary>
    public void Live()
    {
        _live = true;
        _departure?.Dispose();
        _departure = null;
    }

    /// <summary>Whether the activation should leave once idle: it served only bulk work and the silo releases such activations.</summary>
    public bool Releasable => releaseBulk && !_live;

    /// <summary>After a bulk call: a bulk-only activation leaves once idle (its state is in storage).</summary>
    public void LeaveIfBulk(IGrainBase grain)
    {
        if (Releasable)
        {
            grain.DeactivateOnIdle();
        }
    }

    /// <summary>
    /// After a bulk call whose effects are still in flight: a bulk-only activation leaves once <paramref name="settled"/>
    /// holds (checked every <paramref name="poll"/>), or after <paramref name="limit"/> whatever it says. A user an
    /// import activated waits this way for the artists to acknowledge its listener changes, so that leaving stores its
    /// emptied outbox instead of storage keeping every imported play a second time.
    /// </summary>
    public void LeaveIfBulkOnce(IGrainBase grain, Func<bool> settled, TimeSpan poll, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(settled);
        if (!Releasable)
        {
            return;
        }

        if (settled())
        {
            LeaveIfBulk(grain);
            return;
        }

        var deadline = DateTime.UtcNow + limit;
        _departure?.Dispose();
        _departure = grain.RegisterGrainTimer(_ =>
        {
            if (settled() || DateTime.UtcNow >= deadline)
            {
                _departure?.Dispose();
                _departure = null;
                LeaveIfBulk(grain);
            }

            return Task.CompletedTask;
        }, poll, poll);
    }
}
