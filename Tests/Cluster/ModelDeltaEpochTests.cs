using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Serving;
using Orleans.Core.Internal;

namespace MusicRecs.Tests.Cluster;

/// <summary>The live artist factors survive the delta grain's reactivation: its numbering restarts under a new epoch.</summary>
public sealed class ModelDeltaEpochTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 400, Artists = 100, MedianArtistsPerUser = 6, Seed = 9 }).Generate();

    [Fact]
    public async Task A_silo_sees_updates_put_after_the_delta_grain_was_reactivated()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data);
        var model = $"m{Guid.NewGuid():N}"[..12];
        await harness.Client.GetGrain<ITrainingOrchestratorGrain>(model).Start(new TrainingOptions { Factors = 8, Iterations = 2, Seed = 4 });
        var status = await harness.WaitForTrainingAsync(model);
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        var published = await harness.Client.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished() ?? throw new InvalidOperationException("nothing published");
        var delta = harness.Client.GetGrain<IModelDeltaGrain>(model);
        var overlay = harness.Cluster.Silos[0].SiloHost.Services.GetRequiredService<ArtistOverlay>();
        float[] Factor(float v) => [.. Enumerable.Repeat(v, published.Options.Factors)];

        // Three updates (sequence 1-3 of the first activation); the silo reads them all.
        await delta.PutMany(published.Version, [new ArtistFactor(0, Factor(1)), new ArtistFactor(1, Factor(2)), new ArtistFactor(2, Factor(3))]);
        await WaitForRowAsync(overlay, published, 2, 3);
        var first = await delta.Since(published.Version, 0, 0);
        Assert.Equal(3, first.Updates.Length);
        Assert.Equal(first.Epoch, (await delta.Since(published.Version, first.Epoch, 2)).Epoch);
        Assert.Single((await delta.Since(published.Version, first.Epoch, 2)).Updates);

        // A new activation numbers from 1 again, under another epoch.
        await delta.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var second = await Eventually.WaitAsync(() => delta.Since(published.Version, first.Epoch, 3), s => s.Epoch != first.Epoch, TimeSpan.FromSeconds(30), "the delta grain to be reactivated under a new epoch");

        Assert.Empty(second.Updates);
        await delta.PutMany(published.Version, [new ArtistFactor(0, Factor(7))]);
        var after = await delta.Since(published.Version, first.Epoch, 3);
        Assert.Equal(1, Assert.Single(after.Updates).Sequence);
        Assert.NotEqual(first.Epoch, after.Epoch);

        // The silo's mark (3, first epoch) is past that sequence number: it must read it anyway.
        await WaitForRowAsync(overlay, published, 0, 7);
        var view = await overlay.GetAsync(published);
        Assert.All(view.Factors.Row(1)[..published.Options.Factors].ToArray(), v => Assert.Equal(2, v));
    }

    /// <summary>Queries the overlay until artist <paramref name="artist"/>'s row is all <paramref name="value"/> (it polls the delta at most once a second).</summary>
    private static Task WaitForRowAsync(ArtistOverlay overlay, PublishedModel published, int artist, float value) =>
        Eventually.TrueAsync(
            async () => (await overlay.GetAsync(published)).Factors.Row(artist)[..published.Options.Factors].ToArray().All(v => v == value),
            TimeSpan.FromSeconds(15),
            $"artist {artist} to show the update {value}");
}
