using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using Orleans.Streams;
using Xunit.Abstractions;

namespace MusicRecs.Tests.Cluster;

/// <summary>
/// Freshness for listeners the cluster has never seen, on real data: 10% of split-2026's users are left
/// out of the import and the training; half of each one's artists is then streamed as plays and the
/// other half scored, as the user grains answer: before (popularity), after the live fold-in, and after
/// a retrain that includes them. Every step waits for a condition (the answer's source and version).
/// </summary>
public sealed class NewListenerFreshnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task New_listeners_folded_in_through_the_cluster_recover_most_of_a_retrain_over_popularity()
    {
        var folder = Path.Combine(SharedData.LastFm2k, "split-2026");
        var pair = DatasetLoader.LoadPair(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), DatasetLoadOptions.Default);
        var all = CsrOps.Merge(pair.Train.Plays, pair.Test);
        var chosen = NewListenerEvaluation.ChooseUsers(all, 0.1, 17);
        var (kept, fresh) = CsrOps.SplitRows(all, chosen);
        var (held, streamed) = Holdout.Split(fresh, testFraction: 0.5, minRowsPerUser: 1, seed: 17);
        var data = KeptUsers(pair.Train, kept, chosen);
        var artists = pair.Train.Artists;
        var newUsers = Enumerable.Range(0, all.Rows).Where(u => chosen[u]).ToArray();

        await using var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(data);
        var orchestrator = harness.Client.GetGrain<ITrainingOrchestratorGrain>("default");
        await orchestrator.Start(new TrainingOptions());
        Assert.Equal(TrainingPhase.Completed, (await harness.WaitForTrainingAsync()).Phase);

        var before = await NdcgAsync(harness, pair.Train.Users, artists, held, newUsers, u => [.. streamed.RowIndexes(u).ToArray().Select(a => artists[a])]);

        var provider = harness.Client.GetStreamProvider(PlayStreams.Provider);
        var sequence = 0L;
        foreach (var u in newUsers)
        {
            var id = pair.Train.Users[u];
            var plays = streamed.RowIndexes(u).ToArray().Zip(streamed.RowValues(u).ToArray())
                .Select(p => new PlayEvent(artists[p.First], p.Second, 0, "new-listeners", ++sequence));
            await provider.GetStream<PlayBatch>(PlayStreams.For(id)).OnNextAsync(new PlayBatch(id, [.. plays]));
        }

        await WaitForAsync(harness, pair.Train.Users, newUsers, a => a.Source == RecommendationSource.FoldIn, "a fold-in answer");
        var foldIn = await NdcgAsync(harness, pair.Train.Users, artists, held, newUsers, _ => []);

        await orchestrator.Start(new TrainingOptions());
        Assert.Equal(TrainingPhase.Completed, (await harness.WaitForTrainingAsync()).Phase);
        var version = (await orchestrator.GetPublished())!.Version;
        await WaitForAsync(harness, pair.Train.Users, newUsers, a => a.Source == RecommendationSource.Model && a.ModelVersion == version, $"model version {version}");
        var retrain = await NdcgAsync(harness, pair.Train.Users, artists, held, newUsers, _ => []);

        output.WriteLine($"{newUsers.Length} new listeners, NDCG@10 popularity {before:F4}, fold-in {foldIn:F4}, retrain {retrain:F4}");
        Assert.True(retrain > before + 0.1, $"retrain {retrain:F4} against popularity {before:F4}");
        Assert.True(foldIn - before >= 0.9 * (retrain - before), $"popularity {before:F4}, fold-in {foldIn:F4}, retrain {retrain:F4}: {(foldIn - before) / (retrain - before):P0} of the retrain's gain");
    }

    /// <summary>The dataset without the new users (their ids unregistered), artists indexed as in the file.</summary>
    private static Dataset KeptUsers(Dataset train, CsrMatrix kept, bool[] chosen)
    {
        var users = new IdIndex();
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<float>();
        for (var u = 0; u < kept.Rows; u++)
        {
            if (chosen[u])
            {
                continue;
            }

            var index = users.GetOrAdd(train.Users[u]);
            for (var p = kept.RowStarts[u]; p < kept.RowStarts[u + 1]; p++)
            {
                rows.Add(index);
                cols.Add(kept.ColumnIndexes[p]);
                vals.Add(kept.Values[p]);
            }
        }

        var plays = CsrMatrix.FromTriples(users.Count, kept.Columns, [.. rows], [.. cols], [.. vals]);
        return new Dataset(users, train.Artists, plays, train.ArtistNames);
    }

    private static async Task<double> NdcgAsync(ClusterHarness harness, IdIndex users, IdIndex artists, CsrMatrix held, int[] newUsers, Func<int, string[]> exclude)
    {
        var scores = await Task.WhenAll(newUsers.Select(async u =>
        {
            var answer = await harness.Client.GetGrain<IUserGrain>(users[u]).RecommendWith(new RecommendRequest { Count = 10, Exclude = [.. exclude(u)] });
            var ranked = answer.Artists.Select(a => artists.TryGet(a.Artist, out var i) ? i : -1).ToArray();
            return RankingMetrics.Ndcg(ranked, held.RowIndexes(u));
        }));
        return scores.Average();
    }

    private static async Task WaitForAsync(ClusterHarness harness, IdIndex users, int[] newUsers, Func<Recommendations, bool> ready, string what)
    {
        // Users that are ready stay ready (their plays only grow): each poll asks only those still waiting.
        var waiting = newUsers.ToList();
        await Eventually.WaitAsync(
            async () =>
            {
                var answers = await Task.WhenAll(waiting.Select(u => harness.Client.GetGrain<IUserGrain>(users[u]).RecommendWith(new RecommendRequest { Count = 10 })));
                waiting = waiting.Where((_, i) => !ready(answers[i])).ToList();
                return waiting;
            },
            left => left.Count == 0,
            TimeSpan.FromSeconds(120),
            $"all {newUsers.Length} new listeners to get {what} (value: those still without)");
    }
}
