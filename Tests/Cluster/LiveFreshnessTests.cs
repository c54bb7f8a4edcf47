using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Serving;
using Orleans.Streams;
using Xunit.Abstractions;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Freshness through the grains on real data: train on split-2026's training part, stream half of each
/// test user's test artists as plays, and score the other half before, after the live update and after
/// a retrain, all answered by the user grains.
/// </summary>
public sealed class LiveFreshnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Streamed_plays_come_within_0_003_of_a_retrain_through_the_cluster_on_split_2026()
    {
        var folder = Path.Combine(SharedData.LastFm2k, "split-2026");
        var pair = DatasetLoader.LoadPair(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), DatasetLoadOptions.Default);
        var data = pair.Train;
        var (held, streamed) = Holdout.Split(pair.Test, testFraction: 0.5, minRowsPerUser: 1, seed: 13);
        var users = Enumerable.Range(0, held.Rows).Where(u => held.RowLength(u) > 0).ToArray();

        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(data);
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>("default");
        await orchestrator.Start(new TrainingOptions());
        Assert.Equal(TrainingPhase.Completed, (await harness.WaitForTrainingAsync()).Phase);
        await harness.WaitForPublishedAsync();

        // Before: the trained model, with the streamed artists excluded as they will be once played.
        var before = await NdcgAsync(harness, data, held, users, u => [.. streamed.RowIndexes(u).ToArray().Select(a => data.Artists[a])]);

        var provider = harness.Client.GetStreamProvider(PlayStreams.Provider);
        var sequence = 0L;
        foreach (var u in Enumerable.Range(0, streamed.Rows).Where(u => streamed.RowLength(u) > 0))
        {
            var plays = streamed.RowIndexes(u).ToArray().Zip(streamed.RowValues(u).ToArray())
                .Select(p => new PlayEvent(data.Artists[p.First], p.Second, 0, "freshness", ++sequence));
            await provider.GetStream<PlayBatch>(PlayStreams.For(data.Users[u])).OnNextAsync(new PlayBatch(data.Users[u], [.. plays]));
        }

        // The import went through the same apply path, so the silos count its plays too.
        await WaitForAppliedAsync(harness, data.Plays.NonZeros + streamed.NonZeros);
        // Artist listeners and factors follow the plays through the buffers (flushed here) and a silo's next patch
        // of its artist view: wait until every silo's view holds every refreshed factor.
        await harness.FlushListenersAsync();
        await harness.WaitForArtistOverlayAsync();
        var live = await NdcgAsync(harness, data, held, users, _ => []);

        await orchestrator.Start(new TrainingOptions());
        Assert.Equal(TrainingPhase.Completed, (await harness.WaitForTrainingAsync()).Phase);
        Assert.Equal(2, (await harness.WaitForPublishedAsync()).Version);
        var retrain = await NdcgAsync(harness, data, held, users, _ => []);

        output.WriteLine($"NDCG@10 before {before:F4}, live {live:F4}, retrain {retrain:F4}");
        Assert.True(live > before, $"live {live:F4} did not rise over {before:F4}");
        Assert.True(retrain > before, $"retrain {retrain:F4} did not rise over {before:F4}");
        // The retrain gains a few thousandths, so a share of it is noise: within 0.003 of it instead (issue 11).
        Assert.True(retrain - live <= 0.003, $"before {before:F4}, live {live:F4}, retrain {retrain:F4}: {(live - before) / (retrain - before):P0} of the retrain's gain");
    }

    private static async Task<double> NdcgAsync(ClusterHarness harness, Dataset data, CsrMatrix held, int[] users, Func<int, string[]> exclude)
    {
        var scores = await Task.WhenAll(users.Select(async u =>
        {
            var answer = await harness.Client.GetGrain<IUserGrain>(data.Users[u]).RecommendWith(new RecommendRequest { Count = 10, Exclude = [.. exclude(u)] });
            var ranked = answer.Artists.Select(a => data.Artists.TryGet(a.Artist, out var i) ? i : -1).ToArray();
            return RankingMetrics.Ndcg(ranked, held.RowIndexes(u));
        }));
        return scores.Average();
    }

    private static Task WaitForAppliedAsync(ClusterHarness harness, int plays) =>
        Eventually.WaitAsync(
            harness.Client.GetGrain<IIngestStatsGrain>("default").GetTotals,
            t => t.Plays >= plays,
            TimeSpan.FromSeconds(60),
            $"the silos to report {plays} plays applied (imported and streamed)");
}
