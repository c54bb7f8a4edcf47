using System.Collections.Concurrent;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// The published model version as this silo sees it, refreshed from the orchestrator at most every
/// <see cref="MaxAge"/>. An answer reads it once and uses that version throughout, so it never mixes
/// two versions; silos switch within <see cref="MaxAge"/> of a publication.
/// </summary>
public sealed class PublishedModelCache(IGrainFactory grains)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, (PublishedModel? Model, DateTime Fetched)> _models = new();

    public async Task<PublishedModel?> GetAsync(string model)
    {
        if (_models.TryGetValue(model, out var cached) && DateTime.UtcNow - cached.Fetched < MaxAge)
        {
            return cached.Model;
        }

        var published = await grains.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished();
        _models[model] = (published, DateTime.UtcNow);
        return published;
    }

    public static SnapshotId UserSnapshot(PublishedModel p) =>
        new(p.Model, p.RunId, CatalogKind.Users, p.UserSnapshot, p.Users, p.Options.Factors, p.Options.Seed, p.Options.InitScale);

    public static SnapshotId ArtistSnapshot(PublishedModel p) =>
        new(p.Model, p.RunId, CatalogKind.Artists, p.ArtistSnapshot, p.Artists, p.Options.Factors, p.Options.Seed, p.Options.InitScale);
}
