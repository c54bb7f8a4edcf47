using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// The published model version as this silo sees it, never older than <see cref="MaxAge"/>. An answer reads
/// it once and uses that version throughout, so it never mixes two versions; silos switch within
/// <see cref="MaxAge"/> of a publication. Past <see cref="RefreshAge"/> a read starts a refresh in the
/// background and keeps the cached value, so under steady load no query waits for the orchestrator.
/// </summary>
public sealed class PublishedModelCache(IGrainFactory grains, IOptions<LiveOptions> options, ILogger<PublishedModelCache> logger)
{
    public TimeSpan MaxAge { get; } = options.Value.PublishedModelMaxAge;

    public TimeSpan RefreshAge => MaxAge / 2;

    private readonly ConcurrentDictionary<string, (PublishedModel? Model, DateTime Fetched)> _models = new();
    private readonly ConcurrentDictionary<string, bool> _refreshing = new();

    public async Task<PublishedModel?> GetAsync(string model)
    {
        if (_models.TryGetValue(model, out var cached))
        {
            var age = DateTime.UtcNow - cached.Fetched;
            if (age < RefreshAge)
            {
                return cached.Model;
            }

            if (age < MaxAge)
            {
                RefreshInBackground(model);
                return cached.Model;
            }
        }

        return await FetchAsync(model);
    }

    private void RefreshInBackground(string model)
    {
        if (!_refreshing.TryAdd(model, true))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await FetchAsync(model);
            }
            catch (Exception e)
            {
                // The next read past MaxAge fetches again and gets the error itself.
                logger.LogWarning(e, "Background refresh of published model {Model} failed", model);
            }
            finally
            {
                _refreshing.TryRemove(model, out _);
            }
        });
    }

    private async Task<PublishedModel?> FetchAsync(string model)
    {
        var published = await grains.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished();
        var fetched = (published, DateTime.UtcNow);

        // Two fetches can finish out of order; versions only grow, so the older answer never replaces a newer one.
        _models.AddOrUpdate(model, fetched, (_, old) => published is not null && published.Version < (old.Model?.Version ?? 0) ? old : fetched);
        return published;
    }

    public static SnapshotId UserSnapshot(PublishedModel p) =>
        new(p.Model, p.RunId, CatalogKind.Users, p.UserSnapshot, p.Users, p.Options.Factors, p.Options.Seed, p.Options.InitScale);

    public static SnapshotId ArtistSnapshot(PublishedModel p) =>
        new(p.Model, p.RunId, CatalogKind.Artists, p.ArtistSnapshot, p.Artists, p.Options.Factors, p.Options.Seed, p.Options.InitScale);
}
