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

    /// <summary>The activation served live work: it stays for Orleans' collection age like any other.</summary>
    public void Live() => _live = true;

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
}
