using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// This silo's artist factors for scoring: the published version's snapshot, patched with the artist
/// factors live plays refreshed since (new artists appended), polled from the model's delta grain at
/// most every <see cref="PublishedModelCache.MaxAge"/>. Patches make a new matrix, never change one in
/// use, so an answer scores against one consistent set of rows of one version.
/// </summary>
public sealed class ArtistOverlay(IGrainFactory grains, SnapshotCache snapshots)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Version, ArtistView View, long Sequence, DateTime Polled)? _current;

    public async Task<ArtistView> GetAsync(PublishedModel published)
    {
        var current = _current;
        if (current is { } c && c.Version == published.Version && DateTime.UtcNow - c.Polled < PublishedModelCache.MaxAge)
        {
            return c.View;
        }

        await _gate.WaitAsync();
        try
        {
            current = _current;
            if (current is not { } entry || entry.Version != published.Version)
            {
                var snapshot = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), published.Options.Regularization);
                entry = (published.Version, new ArtistView(snapshot.Factors), 0, DateTime.MinValue);
            }

            if (DateTime.UtcNow - entry.Polled >= PublishedModelCache.MaxAge)
            {
                var updates = await grains.GetGrain<IModelDeltaGrain>(published.Model).Since(published.Version, entry.Sequence);
                entry = (entry.Version, updates.IsEmpty ? entry.View : Patch(entry.View, updates), updates.IsEmpty ? entry.Sequence : updates[^1].Sequence, DateTime.UtcNow);
            }

            _current = entry;
            return entry.View;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new view with the updated rows (the 8-bit copy re-encodes only those), the old one untouched.</summary>
    private static ArtistView Patch(ArtistView view, ImmutableArray<ArtistUpdate> updates)
    {
        var factors = view.Factors;
        var rows = Math.Max(factors.Rows, updates.Max(u => u.Artist) + 1);
        var patched = new FactorMatrix(rows, factors.Factors);
        factors.Data.AsSpan().CopyTo(patched.Data);
        foreach (var u in updates)
        {
            u.Factor.AsSpan(0, factors.Factors).CopyTo(patched.Row(u.Artist));
        }

        return new ArtistView(patched, view.Codes.WithRows(patched, updates.Select(u => u.Artist)));
    }
}
