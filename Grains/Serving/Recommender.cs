using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Ranking;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// Query-time answers of this silo, shared by the user and artist grains: the factor a user's answer
/// uses (trained row or exact fold-in), top-N with exclusions and restriction, the popularity fallback,
/// explanations and similar artists, all from one published model version at a time.
/// </summary>
public sealed class Recommender(
    PublishedModelCache models,
    SnapshotCache snapshots,
    ArtistDirectory directory,
    ArtistOverlay overlay,
    IGrainFactory grains)
{
    [ThreadStatic]
    private static BoundedTopK? t_ranking;

    public Task<PublishedModel?> PublishedAsync() => models.GetAsync(ModelNames.Default);

    /// <summary>
    /// x_u of the published version (padded to the factor stride; null when the model has no row for the
    /// user): one row read from the durable block that holds it, never the whole user snapshot, so a silo
    /// holds no silo-wide copy of X for serving; the user grain keeps the row until the version changes.
    /// Version 0 is the seeded start, which needs no read.
    /// </summary>
    public async Task<float[]?> TrainedFactorAsync(PublishedModel published, int index)
    {
        if (index < 0 || index >= published.Users)
        {
            return null;
        }

        var o = published.Options;
        var row = new float[FactorMatrix.PaddedStride(o.Factors)];
        if (published.UserSnapshot == 0)
        {
            FactorInitializer.FillRow(row, o.Factors, o.Seed, FactorInitializer.UserSide, index, o.InitScale);
            return row;
        }

        var key = SnapshotKeys.Block(published.Model, published.RunId, CatalogKind.Users, published.UserSnapshot, index / SnapshotKeys.BlockRows);
        var stored = await grains.GetGrain<IFactorBlockGrain>(key).ReadRow(index);
        if (stored.Length != o.Factors)
        {
            throw new InvalidOperationException($"Factor block {key} returned {stored.Length} floats for row {index}; model version {published.Version} has {o.Factors} factors.");
        }

        stored.CopyTo(row, 0);
        return row;
    }

    /// <summary>An exact fold-in of the plays against the version's artist factors; null when none of the plays is in the model.</summary>
    public async Task<float[]?> FoldInAsync(PublishedModel published, SortedCounts plays)
    {
        var o = published.Options.ToAls();
        var n = plays.CountBelow(published.Artists);
        if (n == 0)
        {
            return null;
        }

        var artists = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        return FoldIn.Solve(artists.Factors, artists.Gramian, plays.Indexes.AsSpan(0, n), Confidence.Of(plays.Counts.AsSpan(0, n), o));
    }

    /// <summary>Top artists for a user's factor with the request's exclusions and restriction; popularity when there is no factor.</summary>
    public async Task<Recommendations> RecommendAsync(string user, PublishedModel? published, float[]? factor, RecommendationSource source, SortedCounts plays, RecommendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        if (published is null)
        {
            return new Recommendations(user, 0, RecommendationSource.Popularity, []);
        }

        if (factor is null)
        {
            return await PopularAsync(user, published, plays, request.Count);
        }

        var artists = await overlay.GetAsync(published);
        var names = await directory.GetAsync(artists.Rows);
        var excluded = request.IncludePlayed ? [] : plays.Indexes.AsSpan(0, plays.CountBelow(artists.Rows)).ToArray();
        int[]? only = null;
        if (!request.Exclude.IsEmpty || !request.RestrictTo.IsEmpty)
        {
            var catalog = grains.GetGrain<ICatalogGrain>(CatalogKind.Artists);
            var exclude = await catalog.Lookup(request.Exclude);
            excluded = [.. excluded.Concat(exclude.Where(i => i >= 0 && i < artists.Rows)).Distinct().Order()];
            if (!request.RestrictTo.IsEmpty)
            {
                only = [.. (await catalog.Lookup(request.RestrictTo)).Where(i => i >= 0 && i < artists.Rows).Distinct().Order()];
            }
        }

        var (top, topScores) = only is null
            ? TopArtists(artists, factor, excluded, request.Count)
            : TopAmong(artists.Factors, factor, only, excluded, request.Count);
        return new Recommendations(user, published.Version, source, [.. top.Select((i, t) => ArtistDirectory.Describe(names, i, topScores[t]))]);
    }

    /// <summary>Top-N restricted to <paramref name="only"/> (sorted artist indexes): one dot product each.</summary>
    private static (int[] Top, float[] Scores) TopAmong(FactorMatrix artists, float[] factor, int[] only, int[] excluded, int n)
    {
        var candidates = only.Where(i => Array.BinarySearch(excluded, i) < 0).ToArray();
        var scores = candidates.Select(i => Simd.Dot(factor, artists.Row(i))).ToArray();
        var order = Enumerable.Range(0, candidates.Length).OrderByDescending(t => scores[t]).ThenBy(t => candidates[t]).Take(n).ToArray();
        return ([.. order.Select(t => candidates[t])], [.. order.Select(t => scores[t])]);
    }

    /// <summary>
    /// Top-N with played artists excluded: an 8-bit bounded pass over every artist, then float scores for the
    /// few that can still make the top (the same answer as a full float pass). Synchronous, so the per-thread
    /// buffers are never shared between two answers.
    /// </summary>
    private static (int[] Top, float[] Scores) TopArtists(ArtistView artists, float[] factor, ReadOnlySpan<int> played, int n)
    {
        var ranking = t_ranking ??= new BoundedTopK();
        var top = new int[Math.Min(n, artists.Rows)];
        var scores = new float[top.Length];
        var found = ranking.Select(artists.Codes, artists.Factors, factor, played, top, scores);
        return (top[..found], scores[..found]);
    }

    /// <summary>The most-listened artists of the published model the user has not played (cold start).</summary>
    private async Task<Recommendations> PopularAsync(string user, PublishedModel published, SortedCounts plays, int count)
    {
        var names = await directory.GetAsync(published.Artists);
        var played = plays.Indexes;
        var picks = published.Popular.Where(i => Array.BinarySearch(played, i) < 0).Take(count);
        return new Recommendations(user, published.Version, RecommendationSource.Popularity, [.. picks.Select(i => ArtistDirectory.Describe(names, i, 0f))]);
    }

    /// <summary>
    /// HKV section 5: s(u,i) = sum over played j of (y_i^T W_u y_j) c(u,j); the largest terms name the played
    /// artists that led to the score of <paramref name="artist"/>.
    /// </summary>
    public async Task<Explanation> ExplainAsync(string user, SortedCounts plays, int artist, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var published = await PublishedAsync()
            ?? throw new InvalidOperationException("No model has been published yet: train one first.");
        if ((uint)artist >= (uint)published.Artists)
        {
            throw new ArgumentOutOfRangeException(nameof(artist), $"Artist index {artist} is not in model version {published.Version} ({published.Artists} artists).");
        }

        var o = published.Options.ToAls();
        var snapshot = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        var n = plays.CountBelow(published.Artists);
        var excess = Confidence.Of(plays.Counts.AsSpan(0, n), o);
        var contributions = n == 0 ? [] : FoldIn.Explain(snapshot.Factors, snapshot.Gramian, plays.Indexes.AsSpan(0, n), excess, artist);
        var score = contributions.Sum();
        var names = await directory.GetAsync(published.Artists);
        var order = Enumerable.Range(0, n).OrderByDescending(t => contributions[t]).Take(count);
        var described = order.Select(t =>
        {
            var e = ArtistDirectory.Describe(names, plays.Indexes[t], contributions[t]);
            return new Contribution(e.Artist, e.Name, contributions[t], score != 0f ? contributions[t] / score : 0f);
        });
        var target = ArtistDirectory.Describe(names, artist, score);
        return new Explanation(user, target.Artist, published.Version, score, [.. described]);
    }

    /// <summary>The artists closest to <paramref name="index"/> by cosine of their factors, itself excluded.</summary>
    public async Task<SimilarArtists> SimilarAsync(string artist, int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var published = await PublishedAsync();
        if (published is null || index < 0)
        {
            return new SimilarArtists(artist, published?.Version ?? 0, []);
        }

        var known = await overlay.GetAsync(published);
        if (index >= known.Rows)
        {
            return new SimilarArtists(artist, published.Version, []);
        }

        var norms = known.Norms;
        var top = new int[Math.Min(count, known.Rows)];
        var sims = new float[top.Length];
        var n = (t_ranking ??= new BoundedTopK()).SelectCosine(known.Codes, known.Factors, norms, known.Factors.Row(index), norms[index], [index], top, sims);
        var names = await directory.GetAsync(known.Rows);
        return new SimilarArtists(artist, published.Version, [.. top.Take(n).Select((i, t) => ArtistDirectory.Describe(names, i, sims[t]))]);
    }
}
