using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Ranking;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;
using Orleans.Streams;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// A listener: owns its play counts durably, solves its factor row in training, and answers
/// recommendations and explanations from one published model version at a time.
/// </summary>
[ImplicitStreamSubscription(PlayStreams.Namespace)]
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    SnapshotCache snapshots,
    PublishedModelCache models,
    ArtistDirectory directory,
    ArtistOverlay overlay,
    ListenerBuffer listeners,
    IngestCounters counters,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    [ThreadStatic]
    private static BoundedTopK? t_ranking;

    private (int Version, float[] Factor)? _serving;
    private (int Version, float[] Factor)? _foldIn;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(PlayStreams.Provider).GetStream<PlayBatch>(PlayStreams.For(User));
        await stream.SubscribeAsync((batch, _) => ApplyStreamedAsync(batch));
    }

    private string User => this.GetPrimaryKeyString();

    public async Task<int> AddPlays(int index, ImmutableArray<ArtistPlay> plays)
    {
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"User '{User}': index {index} is negative.");
        }

        if (state.State.Index >= 0 && state.State.Index != index)
        {
            throw new InvalidOperationException($"User '{User}' has index {state.State.Index}, not {index}.");
        }

        // Validate everything before changing anything, so a bad batch stores nothing.
        var updated = new SortedCounts { Indexes = state.State.Plays.Indexes, Counts = state.State.Plays.Counts, Latest = state.State.Plays.Latest };
        updated.Add(plays.Select(p => (p.Artist, p.Count, p.LastPlayed)));
        state.State.Index = index;
        state.State.Plays = updated;
        state.State.LastChange = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        _foldIn = null;
        return updated.Length;
    }

    public Task<UserHistory> GetHistory()
    {
        var p = state.State.Plays;
        var plays = ImmutableArray.CreateBuilder<ArtistPlay>(p.Length);
        for (var i = 0; i < p.Length; i++)
        {
            plays.Add(new ArtistPlay(p.Indexes[i], p.Counts[i], p.Latest.Length > i ? p.Latest[i] : 0));
        }

        return Task.FromResult(new UserHistory(User, state.State.Index, plays.MoveToImmutable()));
    }

    public Task<Observations> GetObservations() =>
        Task.FromResult(new Observations(state.State.Index, state.State.Plays.Indexes, state.State.Plays.Counts));

    public Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default) =>
        RowSolving.SolveAsync(snapshots, request, CatalogKind.Artists, state.State.Plays, RuntimeIdentity);

    public Task<Recommendations> Recommend(int count) => RecommendWith(new RecommendRequest { Count = count });

    public async Task<Recommendations> RecommendWith(RecommendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        var published = await models.GetAsync(ModelNames.Default);
        var (factor, source) = await FactorAsync(published);
        if (published is null || factor is null)
        {
            return await PopularAsync(published, request.Count);
        }

        var artists = await overlay.GetAsync(published);
        var names = await directory.GetAsync(artists.Rows);
        var excluded = request.IncludePlayed ? [] : state.State.Plays.Indexes.AsSpan(0, state.State.Plays.CountBelow(artists.Rows)).ToArray();
        int[]? only = null;
        if (!request.Exclude.IsEmpty || !request.RestrictTo.IsEmpty)
        {
            var catalog = GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Artists);
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
        return new Recommendations(User, published.Version, source, [.. top.Select((i, t) => ArtistDirectory.Describe(names, i, topScores[t]))]);
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

    public async Task<Explanation> Explain(int artist, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var published = await models.GetAsync(ModelNames.Default)
            ?? throw new InvalidOperationException("No model has been published yet: train one first.");
        if ((uint)artist >= (uint)published.Artists)
        {
            throw new ArgumentOutOfRangeException(nameof(artist), $"Artist index {artist} is not in model version {published.Version} ({published.Artists} artists).");
        }

        var o = published.Options.ToAls();
        var snapshot = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        var p = state.State.Plays;
        var n = p.CountBelow(published.Artists);
        var indexes = p.Indexes.AsSpan(0, n);
        var excess = new float[n];
        for (var t = 0; t < n; t++)
        {
            excess[t] = Confidence.Excess(p.Counts[t], o.Scheme, o.Alpha, o.Epsilon);
        }

        var contributions = n == 0 ? [] : FoldIn.Explain(snapshot.Factors, snapshot.Gramian, indexes, excess, artist);
        var score = contributions.Sum();
        var names = await directory.GetAsync(published.Artists);
        var order = Enumerable.Range(0, n).OrderByDescending(t => contributions[t]).Take(count);
        var described = order.Select(t =>
        {
            var e = ArtistDirectory.Describe(names, p.Indexes[t], contributions[t]);
            return new Contribution(e.Artist, e.Name, contributions[t], score != 0f ? contributions[t] / score : 0f);
        });
        var target = ArtistDirectory.Describe(names, artist, score);
        return new Explanation(User, target.Artist, published.Version, score, [.. described]);
    }

    /// <summary>
    /// Applies one streamed batch: drops events already applied and rejects bad ones (logged, never
    /// thrown: a throwing consumer would block the stream), registers new artists, persists the plays
    /// with the events' ids before acknowledging, forwards listener changes through the silo's buffer,
    /// then re-solves x_u once for the whole batch.
    /// </summary>
    private async Task ApplyStreamedAsync(PlayBatch batch)
    {
        var fresh = new List<PlayEvent>();
        var inBatch = new HashSet<(string, long)>();
        foreach (var e in batch.Plays)
        {
            if (string.IsNullOrEmpty(e.Artist) || !(e.Count > 0f) || !float.IsFinite(e.Count) || string.IsNullOrEmpty(e.Producer))
            {
                logger.LogWarning("User {User}: rejected play event {Producer}#{Sequence} (artist '{Artist}', count {Count})", User, e.Producer, e.Sequence, e.Artist, e.Count);
                counters.Rejected();
                continue;
            }

            if (!AppliedEvents.IsDuplicate(state.State, e.Producer, e.Sequence) && inBatch.Add((e.Producer, e.Sequence)))
            {
                fresh.Add(e);
            }
            else
            {
                counters.Duplicate();
            }
        }

        if (fresh.Count == 0)
        {
            return;
        }

        if (state.State.Index < 0)
        {
            state.State.Index = (await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Users).Register([new CatalogEntry(User)]))[0];
        }

        // Artists this silo already knows resolve locally; only new ones go to the (single) catalog grain.
        var published = await models.GetAsync(ModelNames.Default);
        if (published is not null)
        {
            await directory.GetAsync(published.Artists);
        }

        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var a in fresh.Select(e => e.Artist).Distinct(StringComparer.Ordinal))
        {
            if (directory.TryGetIndex(a, out var known))
            {
                indexOf[a] = known;
            }
            else
            {
                unknown.Add(a);
            }
        }

        if (unknown.Count > 0)
        {
            var registered = await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Artists).Register([.. unknown.Select(a => new CatalogEntry(a))]);
            for (var i = 0; i < unknown.Count; i++)
            {
                indexOf[unknown[i]] = registered[i];
            }
        }
        var updated = new SortedCounts { Indexes = state.State.Plays.Indexes, Counts = state.State.Plays.Counts, Latest = state.State.Plays.Latest };
        updated.Add(fresh.Select(e => (indexOf[e.Artist], e.Count, e.Timestamp)));
        state.State.Plays = updated;
        state.State.LastChange = DateTimeOffset.UtcNow;
        foreach (var byProducer in fresh.GroupBy(e => e.Producer))
        {
            AppliedEvents.Remember(state.State, byProducer.Key, byProducer.Select(e => e.Sequence));
        }

        await state.WriteStateAsync();
        counters.Applied(fresh.Count);
        _foldIn = null;
        var (factor, _) = published is null ? (null, RecommendationSource.Popularity) : await FactorAsync(published);
        var shared = factor?[..published!.Options.Factors];
        foreach (var e in fresh)
        {
            listeners.Add(e.Artist, indexOf[e.Artist], state.State.Index, e.Count, shared);
        }

        if (shared is not null)
        {
            // x_u moved: every artist this user played re-solves against it (a count of 0 carries only the factor).
            var names = await directory.GetAsync(published!.Artists);
            var freshIndexes = indexOf.Values.ToHashSet();
            foreach (var artist in state.State.Plays.Indexes.AsSpan(0, state.State.Plays.CountBelow(names.Count)))
            {
                if (!freshIndexes.Contains(artist))
                {
                    listeners.Add(names[artist].Id, artist, state.State.Index, 0f, shared);
                }
            }
        }

        // Backpressure: while the artists lag far behind, this batch's delivery (and so the stream) waits.
        await listeners.WaitForRoomAsync();
    }

    /// <summary>
    /// The factor an answer uses: the trained x_u when the published model saw all of this user's plays,
    /// otherwise an exact fold-in of the full history against that version's artist factors.
    /// </summary>
    private async Task<(float[]? Factor, RecommendationSource Source)> FactorAsync(PublishedModel? published)
    {
        if (published is null)
        {
            return (null, RecommendationSource.Popularity);
        }

        if (_foldIn is { } f && f.Version == published.Version)
        {
            return (f.Factor, RecommendationSource.FoldIn);
        }

        var stale = state.State.Index >= published.Users || state.State.LastChange >= published.RunStarted;
        if (!stale)
        {
            return (await ServingFactorAsync(published), RecommendationSource.Model);
        }

        var o = published.Options.ToAls();
        var p = state.State.Plays;
        var n = p.CountBelow(published.Artists);
        if (n == 0)
        {
            return (null, RecommendationSource.Popularity);
        }

        var excess = new float[n];
        for (var t = 0; t < n; t++)
        {
            excess[t] = Confidence.Excess(p.Counts[t], o.Scheme, o.Alpha, o.Epsilon);
        }

        var artists = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), o.Regularization);
        var x = FoldIn.Solve(artists.Factors, artists.Gramian, p.Indexes.AsSpan(0, n), excess);
        _foldIn = (published.Version, x);
        counters.FoldedIn();
        return (x, RecommendationSource.FoldIn);
    }

    /// <summary>x_u of the published version, refreshed from the silo's snapshot cache when the version changes.</summary>
    private async Task<float[]?> ServingFactorAsync(PublishedModel? published)
    {
        if (published is null || state.State.Index < 0 || state.State.Index >= published.Users)
        {
            return null;
        }

        if (_serving is { } s && s.Version == published.Version)
        {
            return s.Factor;
        }

        var users = await snapshots.GetAsync(PublishedModelCache.UserSnapshot(published), published.Options.Regularization);
        var factor = users.Factors.Row(state.State.Index).ToArray();
        _serving = (published.Version, factor);
        return factor;
    }

    private async Task<Recommendations> PopularAsync(PublishedModel? published, int count)
    {
        if (published is null)
        {
            logger.LogDebug("User {User}: no published model, empty popularity answer", User);
            return new Recommendations(User, 0, RecommendationSource.Popularity, []);
        }

        var names = await directory.GetAsync(published.Artists);
        var played = state.State.Plays.Indexes;
        var picks = published.Popular.Where(i => Array.BinarySearch(played, i) < 0).Take(count);
        return new Recommendations(User, published.Version, RecommendationSource.Popularity, [.. picks.Select(i => ArtistDirectory.Describe(names, i, 0f))]);
    }
}
