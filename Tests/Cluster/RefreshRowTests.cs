using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using Orleans.Streams;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// A live artist refresh reads only its listeners' published rows (from the user snapshot's blocks) and the stored
/// Gramian: no silo loads the whole user snapshot for it.
/// </summary>
public sealed class RefreshRowTests
{
    // More than one block of users (4,096 rows a block), so a refresh reads rows from two blocks.
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 4200, Artists = 300, MedianArtistsPerUser = 4, Seed = 9 }).Generate();

    private static readonly TrainingOptions Options = new() { Factors = 8, Iterations = 2, Seed = 3 };

    [Fact]
    public async Task Live_plays_refresh_artists_from_their_listeners_rows_and_never_the_user_snapshot()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data, attempts: 3);
        var published = await harness.TrainAndPublishAsync(Options);

        // Training's artist half-sweeps may load user snapshots; from here on only live plays and their refreshes run.
        var caches = harness.Cluster.Silos.Select(s => s.SiloHost.Services.GetRequiredService<SnapshotCache>()).ToArray();
        var before = caches.Select(c => c.RequestsOf(CatalogKind.Users)).ToArray();

        var artist = Data.Artists[3];
        var provider = harness.Client.GetStreamProvider(PlayStreams.Provider);
        foreach (var (user, i) in new[] { Data.Users[5], Data.Users[4150], Data.Users[2000] }.Select((u, i) => (u, i)))
        {
            await provider.GetStream<PlayBatch>(PlayStreams.For(user)).OnNextAsync(new PlayBatch(user, [new PlayEvent(artist, 20f + i, 0, "refresh-rows", i + 1)]));
        }

        await Eventually.TrueAsync(
            async () =>
            {
                await harness.FlushListenersAsync();
                var updates = (await harness.Client.GetGrain<IModelDeltaGrain>("default").Since(published.Version, 0, 0)).Updates;
                return updates.Any(u => u.Artist == 3);
            },
            TimeSpan.FromSeconds(60),
            $"a refreshed factor of {artist}");
        await harness.WaitForArtistOverlayAsync();

        Assert.Equal(before, caches.Select(c => c.RequestsOf(CatalogKind.Users)).ToArray());
        var cached = harness.Cluster.Silos.Sum(s => s.SiloHost.Services.GetRequiredService<PublishedUserRows>().CachedRows);
        Assert.InRange(cached, 1, Data.Users.Count - 1);
    }
}
