using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// This silo's artist factors for scoring: the published version's snapshot, patched with the artist
/// factors live plays refreshed since (new artists appended), polled from the model's delta grain so that
/// a view is never older than <see cref="PublishedModelCache.MaxAge"/>; past
/// <see cref="PublishedModelCache.RefreshAge"/> the poll runs in the background while queries keep the
/// current view. Patches make a new view, never change one in use, so an answer scores against one
/// consistent set of rows of one version.
/// </summary>
public sealed class ArtistOverlay(IGrainFactory grains, SnapshotCache snapshots, IOptions<LiveOptions> options, ILogger<ArtistOverlay> logger)
{
    private readonly TimeSpan _patchAge = options.Value.OverlayPatchAge;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;
    private int _refreshing;

    public async Task<ArtistView> GetAsync(PublishedModel published)
    {
        if (_current is { } c && c.Version == published.Version)
        {
            var age = DateTime.UtcNow - c.Polled;
            if (age < _patchAge)
            {
                return c.View;
            }

            if (age < _patchAge * 2)
            {
                RefreshInBackground(published);
                return c.View;
            }
        }

        return await RefreshAsync(published, background: false);
    }

    private void RefreshInBackground(PublishedModel published)
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(published, background: true);
            }
            catch (Exception e)
            {
                // The next query past MaxAge polls again itself and gets the error.
                logger.LogWarning(e, "Background refresh of artist factors for model {Model} version {Version} failed", published.Model, published.Version);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    private async Task<ArtistView> RefreshAsync(PublishedModel published, bool background)
    {
        await _gate.WaitAsync();
        try
        {
            var entry = _current;
            if (background && (entry is null || entry.Version != published.Version))
            {
                // A query for another version has moved the view on: this poll is moot.
                return entry?.View ?? throw new InvalidOperationException("No view to refresh.");
            }

            if (entry is null || entry.Version != published.Version)
            {
                var snapshot = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), published.Options.Regularization);
                entry = new Entry(published.Version, new ArtistView(snapshot.Factors), 0, 0, DateTime.MinValue);
            }

            // Another caller may have polled while this one waited at the gate.
            if (DateTime.UtcNow - entry.Polled >= _patchAge)
            {
                // The mark is per epoch: a delta grain reactivated since the last poll numbers from 1 again and sends
                // all it has. Rows patched from the earlier activation stay: they are still newer than the published ones.
                var (epoch, updates) = await grains.GetGrain<IModelDeltaGrain>(published.Model).Since(published.Version, entry.Epoch, entry.Sequence);
                if (epoch != entry.Epoch && entry.Epoch != 0)
                {
                    logger.LogInformation("Model {Model} version {Version}: the delta grain was reactivated (epoch {Old} -> {New}); reading its updates from the start", published.Model, published.Version, entry.Epoch, epoch);
                }

                var sequence = epoch == entry.Epoch ? entry.Sequence : 0;
                entry = updates.IsEmpty
                    ? entry with { Epoch = epoch, Sequence = sequence, Polled = DateTime.UtcNow }
                    : new Entry(entry.Version, Patch(entry.View, updates), epoch, updates[^1].Sequence, DateTime.UtcNow);
            }

            _current = entry;
            return entry.View;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A view of one version, with the delta grain's epoch and the last sequence number of that epoch patched in.</summary>
    private sealed record Entry(int Version, ArtistView View, long Epoch, long Sequence, DateTime Polled);

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
