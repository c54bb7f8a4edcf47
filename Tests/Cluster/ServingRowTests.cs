using Microsoft.Extensions.DependencyInjection;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Serving keeps no silo-wide copy of the user factors: a user grain reads its own trained row from the
/// durable block that holds it, and a silo's snapshot cache is never asked for the user side by a query.
/// </summary>
public sealed class ServingRowTests
{
    // More than one block of users (4,096 rows a block), so rows come from two blocks.
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 4200, Artists = 300, MedianArtistsPerUser = 4, Seed = 5 }).Generate();

    private static readonly TrainingOptions Options = new() { Factors = 8, Iterations = 2, Seed = 3 };

    [Fact]
    public async Task Recommendations_read_each_users_row_from_its_block_and_never_the_user_snapshot()
    {
        await using var harness = await ClusterHarness.StartAsync(2);
        // 4,200 batches sent at once: a call that times out on a loaded host is sent again (its events' ids make that harmless).
        await harness.ImportAsync(Data, attempts: 3);
        await harness.TrainAndPublishAsync(Options);

        // Training's artist half-sweeps load user snapshots; from here on only queries run.
        var caches = harness.Cluster.Silos.Select(s => s.SiloHost.Services.GetRequiredService<SnapshotCache>()).ToArray();
        var before = caches.Select(c => c.RequestsOf(CatalogKind.Users)).ToArray();

        var x = await harness.PublishedFactorsAsync(CatalogKind.Users);
        var y = await harness.PublishedFactorsAsync(CatalogKind.Artists);
        var k = Options.Factors;
        var sample = Enumerable.Range(0, Data.Users.Count).Where(i => i % 41 == 0 || i is >= 4090 and < 4100).Select(i => Data.Users[i]).ToArray();
        foreach (var user in sample)
        {
            var grain = harness.Client.GetGrain<IUserGrain>(user);
            var index = (await grain.GetHistory()).Index;
            var answer = await grain.RecommendWith(new RecommendRequest { Count = 5 });
            Assert.Equal(RecommendationSource.Model, answer.Source);
            Assert.NotEmpty(answer.Artists);

            // Each score is the published x_u . y_i: the row the grain read is the trained one.
            foreach (var a in answer.Artists)
            {
                Assert.True(Data.Artists.TryGet(a.Artist, out var i));
                var expected = Simd.Dot(x.AsSpan(index * k, k), y.AsSpan(i * k, k));
                Assert.True(MathF.Abs(expected - a.Score) <= 1e-4f * Math.Max(1f, MathF.Abs(expected)), $"{user} / {a.Artist}: answer {a.Score}, x_u.y_i {expected}");
            }

            var again = await grain.RecommendWith(new RecommendRequest { Count = 5 });
            Assert.Equal(answer.Artists.Select(a => a.Artist), again.Artists.Select(a => a.Artist));
        }

        foreach (var user in sample.Take(20))
        {
            var explained = await harness.Client.GetGrain<IUserGrain>(user).Explain(0, 3);
            Assert.Equal(1, explained.ModelVersion);
        }

        Assert.Equal(before, caches.Select(c => c.RequestsOf(CatalogKind.Users)).ToArray());

        // Each silo reports the rows its user grains keep: one padded row per user queried, over both silos.
        var memory = await harness.Client.GetGrain<IMaintenanceGrain>(0).FactorMemory();
        Assert.Equal(2, memory.Length);
        Assert.Equal((long)sample.Length * FactorMatrix.PaddedStride(k) * sizeof(float), memory.Sum(m => m.UserRowBytes));
        Assert.All(memory, m => Assert.True(m.SnapshotCacheBytes > 0, $"silo {m.Silo} reports an empty snapshot cache"));
    }
}
