using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Training;
using Orleans.Streams;

namespace MusicRecs.Tests.Cluster;

/// <summary>Plays streamed to a trained cluster: applied once, reflected by the next query through an exact fold-in.</summary>
public sealed class LivePlayTests
{
    private static readonly Dataset Data = new SyntheticGenerator(SyntheticOptions.Default with { Users = 600, Artists = 400, MedianArtistsPerUser = 10, Seed = 21 }).Generate();

    private static readonly TrainingOptions Options = new() { Factors = 16, Iterations = 5, Seed = 4 };

    [Fact]
    public async Task A_streamed_play_is_reflected_by_the_next_query_as_an_exact_fold_in()
    {
        await using var harness = await TrainedAsync();
        var user = Data.Users[7];
        var grain = harness.Client.GetGrain<IUserGrain>(user);
        var before = await grain.RecommendWith(new RecommendRequest { Count = 10 });
        Assert.Equal(RecommendationSource.Model, before.Source);
        var played = before.Artists[0].Artist;

        await Stream(harness, user, new PlayEvent(played, 25f, 1_700_000_000, "test", 1));
        var after = await PollAsync(() => grain.RecommendWith(new RecommendRequest { Count = 10 }), r => r.Source == RecommendationSource.FoldIn);

        Assert.Equal(1, after.ModelVersion);
        Assert.DoesNotContain(after.Artists, a => a.Artist == played);

        // The answer's scores are x.y_i for x a fresh single-process fold-in of the updated history.
        var history = await grain.GetHistory();
        var expected = await FreshFoldInAsync(harness, history);
        var artists = await ArtistFactorsAsync(harness);
        foreach (var a in after.Artists)
        {
            Assert.True(Data.Artists.TryGet(a.Artist, out var i));
            var score = Simd.Dot(expected, artists.Row(i));
            Assert.True(MathF.Abs(score - a.Score) <= 1e-4f * Math.Max(1f, MathF.Abs(score)), $"{a.Artist}: answer {a.Score}, fold-in {score}");
        }
    }

    [Fact]
    public async Task Redelivered_and_reordered_events_count_exactly_once()
    {
        await using var harness = await TrainedAsync();
        var users = new[] { Data.Users[1], Data.Users[2], Data.Users[3] };
        var artist = Data.Artists[5];
        var before = await Task.WhenAll(users.Select(u => CountAsync(harness, u, artist)));
        var stats = harness.Client.GetGrain<IIngestStatsGrain>("default");
        // The silos report their counters once a second: start from totals that include the whole import.
        var totalsBefore = await Eventually.WaitAsync(stats.GetTotals, t => t.Plays >= Data.Plays.NonZeros, TimeSpan.FromSeconds(30), "the silos to report the import's plays");

        // Ten events per user, each delivered twice, in a shuffled order across users.
        var events = users.SelectMany(u => Enumerable.Range(1, 10).Select(seq => (User: u, Event: new PlayEvent(artist, seq, 0, "replayer", seq)))).ToList();
        var deliveries = events.Concat(events).OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var (u, e) in deliveries)
        {
            await Stream(harness, u, e);
        }

        // Every delivery handled: the silos report each event as applied or as a duplicate.
        var totals = await Eventually.WaitAsync(
            stats.GetTotals,
            t => t.Plays - totalsBefore.Plays + t.Duplicates - totalsBefore.Duplicates >= deliveries.Count,
            TimeSpan.FromSeconds(30),
            $"the silos to report all {deliveries.Count} deliveries as applied or duplicate");
        Assert.Equal(events.Count, totals.Plays - totalsBefore.Plays);
        Assert.Equal(events.Count, totals.Duplicates - totalsBefore.Duplicates);
        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal(before[i] + 55f, await CountAsync(harness, users[i], artist));
        }
    }

    [Fact]
    public async Task A_cold_user_gets_popular_artists_then_a_fold_in_after_plays()
    {
        await using var harness = await TrainedAsync();
        var grain = harness.Client.GetGrain<IUserGrain>("brand-new-listener");
        var cold = await grain.RecommendWith(new RecommendRequest { Count = 5 });
        Assert.Equal(RecommendationSource.Popularity, cold.Source);
        Assert.Equal(5, cold.Artists.Length);

        await Stream(harness, "brand-new-listener", new PlayEvent(Data.Artists[0], 3f, 0, "test", 1), new PlayEvent(Data.Artists[1], 8f, 0, "test", 2));
        var warm = await PollAsync(() => grain.RecommendWith(new RecommendRequest { Count = 5 }), r => r.Source == RecommendationSource.FoldIn);
        Assert.Equal(1, warm.ModelVersion);
        Assert.DoesNotContain(warm.Artists, a => a.Artist == Data.Artists[0] || a.Artist == Data.Artists[1]);
        Assert.True((await grain.GetHistory()).Index >= Data.Users.Count);
    }

    [Fact]
    public async Task A_new_artist_gets_a_factor_once_it_has_enough_listeners_and_becomes_recommendable()
    {
        await using var harness = await TrainedAsync();
        var band = harness.Client.GetGrain<IArtistGrain>("a-band-nobody-knew");
        var listeners = new[] { Data.Users[10], Data.Users[11], Data.Users[12] };

        // Two listeners are below the threshold of three: no factor yet.
        await Stream(harness, listeners[0], new PlayEvent("a-band-nobody-knew", 12f, 0, "test", 1));
        await Stream(harness, listeners[1], new PlayEvent("a-band-nobody-knew", 7f, 0, "test", 1));
        await PollAsync(() => band.GetInfo(), i => i.Listeners == 2);

        // The artist refreshes while it takes the listeners; with the buffers flushed nothing about it is pending.
        await harness.FlushListenersAsync();
        Assert.Empty((await band.Similar(5)).Artists);

        await Stream(harness, listeners[2], new PlayEvent("a-band-nobody-knew", 30f, 0, "test", 1));
        var similar = await PollAsync(() => band.Similar(5), s => s.Artists.Length == 5);
        Assert.Equal(1, similar.ModelVersion);

        // Another user's full ranking scores it once that user's silo has patched its artist factors: it is recommendable.
        var everything = await PollAsync(() => harness.Client.GetGrain<IUserGrain>(Data.Users[20]).RecommendWith(new RecommendRequest { Count = Data.Artists.Count + 1 }), r => r.Artists.Any(a => a.Artist == "a-band-nobody-knew"));
        Assert.Equal(1, everything.ModelVersion);
    }

    [Fact]
    public async Task Recommend_honours_include_played_exclude_and_restrict_to()
    {
        await using var harness = await TrainedAsync();
        var user = Data.Users[30];
        var grain = harness.Client.GetGrain<IUserGrain>(user);
        var played = (await grain.GetHistory()).Plays.Select(p => Data.Artists[p.Artist]).ToHashSet();

        var plain = await grain.RecommendWith(new RecommendRequest { Count = 10 });
        Assert.DoesNotContain(plain.Artists, a => played.Contains(a.Artist));

        var withPlayed = await grain.RecommendWith(new RecommendRequest { Count = Data.Artists.Count, IncludePlayed = true });
        Assert.Equal(Data.Artists.Count, withPlayed.Artists.Length);
        Assert.Contains(withPlayed.Artists, a => played.Contains(a.Artist));

        var excluded = await grain.RecommendWith(new RecommendRequest { Count = 10, Exclude = [plain.Artists[0].Artist, plain.Artists[1].Artist] });
        Assert.Equal(plain.Artists.Skip(2).Select(a => a.Artist), excluded.Artists.Take(8).Select(a => a.Artist));

        string[] only = [Data.Artists[100], Data.Artists[200], Data.Artists[300], plain.Artists[5].Artist];
        var restricted = await grain.RecommendWith(new RecommendRequest { Count = 10, RestrictTo = [.. only] });
        Assert.All(restricted.Artists, a => Assert.Contains(a.Artist, only));
        Assert.Equal(plain.Artists[5].Artist, restricted.Artists[0].Artist);
        Assert.Equal(restricted.Artists.OrderByDescending(a => a.Score).Select(a => a.Score), restricted.Artists.Select(a => a.Score));
    }

    private static async Task<ClusterHarness> TrainedAsync()
    {
        var harness = await ClusterHarness.StartAsync(2);
        await harness.ImportAsync(Data);
        await harness.Client.GetGrain<ITrainingOrchestratorGrain>("default").Start(Options);
        var status = await harness.WaitForTrainingAsync();
        Assert.True(status.Phase == TrainingPhase.Completed, status.Error);
        await harness.WaitForPublishedAsync();
        return harness;
    }

    private static Task Stream(ClusterHarness harness, string user, params PlayEvent[] plays) =>
        harness.Client.GetStreamProvider(PlayStreams.Provider).GetStream<PlayBatch>(PlayStreams.For(user)).OnNextAsync(new PlayBatch(user, [.. plays]));

    private static async Task<float> CountAsync(ClusterHarness harness, string user, string artist)
    {
        var history = await harness.Client.GetGrain<IUserGrain>(user).GetHistory();
        Assert.True(Data.Artists.TryGet(artist, out var index));
        return history.Plays.FirstOrDefault(p => p.Artist == index)?.Count ?? 0f;
    }

    private static Task<T> PollAsync<T>(Func<Task<T>> query, Func<T, bool> done) =>
        Eventually.WaitAsync(query, done, TimeSpan.FromSeconds(15), "the condition of this step");

    private static async Task<FactorMatrix> ArtistFactorsAsync(ClusterHarness harness)
    {
        var data = await harness.PublishedFactorsAsync(CatalogKind.Artists);
        var m = new FactorMatrix(data.Length / Options.Factors, Options.Factors);
        for (var r = 0; r < m.Rows; r++)
        {
            data.AsSpan(r * Options.Factors, Options.Factors).CopyTo(m.Row(r));
        }

        return m;
    }

    private static async Task<float[]> FreshFoldInAsync(ClusterHarness harness, UserHistory history)
    {
        var artists = await ArtistFactorsAsync(harness);
        var model = new AlsModel(new FactorMatrix(0, Options.Factors), artists, Options.ToAls());
        var plays = history.Plays.Where(p => p.Artist < artists.Rows).ToArray();
        return model.FoldIn([.. plays.Select(p => p.Artist)], [.. plays.Select(p => p.Count)]);
    }
}
