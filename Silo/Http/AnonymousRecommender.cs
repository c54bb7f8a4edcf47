using System.Diagnostics;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Ranking;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;
using MusicRecs.Silo.Http.Contracts;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Recommendations for a basket of artists that belongs to no user: the basket is folded in against the
/// published artist factors of this silo's snapshot cache (the exact user step of ALS), every artist is
/// scored against the folded-in factor, and nothing is stored.
/// </summary>
public sealed class AnonymousRecommender(PublishedModelCache models, SnapshotCache snapshots, ArtistDirectory directory, HttpMetrics metrics)
{
    private long _foldIns;

    public long FoldIns => Interlocked.Read(ref _foldIns);

    public async Task<AnonymousResponse> RecommendAsync(IReadOnlyList<(string Artist, float Count)> basket, int n, bool includePlayed)
    {
        var published = await models.GetAsync(UserEndpoints.ModelName);
        if (published is null)
        {
            return new AnonymousResponse(0, Answers.Name(RecommendationSource.Popularity), [], [.. basket.Select(b => b.Artist).Distinct()]);
        }

        var names = await directory.GetAsync(published.Artists);
        var counts = new SortedDictionary<int, float>();
        var unknown = new List<string>();
        foreach (var (artist, count) in basket)
        {
            if (directory.TryGetIndex(artist, out var index) && index < published.Artists)
            {
                counts[index] = counts.GetValueOrDefault(index) + count;
            }
            else if (!unknown.Contains(artist))
            {
                unknown.Add(artist);
            }
        }

        if (counts.Count == 0)
        {
            var popular = published.Popular.Take(n).Select(i => ArtistDirectory.Describe(names, i, 0f));
            return new AnonymousResponse(published.Version, Answers.Name(RecommendationSource.Popularity), Answers.Items(popular), unknown);
        }

        var clock = Stopwatch.StartNew();
        var indexes = counts.Keys.ToArray();
        var (factor, artists) = await FoldInAsync(published, indexes, [.. counts.Values]);
        var scores = new float[artists.Factors.Rows];
        FactorScoring.ScoreAll(artists.Factors, factor, scores);
        var top = TopK.Select(scores, n, includePlayed ? [] : indexes);
        metrics.FoldIn(clock.Elapsed);
        Interlocked.Increment(ref _foldIns);
        var items = top.Select(i => ArtistDirectory.Describe(names, i, scores[i]));
        return new AnonymousResponse(published.Version, Answers.Name(RecommendationSource.FoldIn), Answers.Items(items), unknown);
    }

    /// <summary>The fold-in of plays (sorted artist indexes with counts) against a published version's artist factors.</summary>
    public async Task<(float[] Factor, FactorSnapshot Artists)> FoldInAsync(PublishedModel published, int[] indexes, float[] counts)
    {
        var o = published.Options.ToAls();
        var artists = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        var excess = Confidence.Of(counts, o);
        return (FoldIn.Solve(artists.Factors, artists.Gramian, indexes, excess), artists);
    }
}
