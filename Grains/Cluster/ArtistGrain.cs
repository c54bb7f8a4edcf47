using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Serving;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// An artist: owns its name and listener counts durably (blob storage: a popular artist's list is
/// large), solves its factor row in training and answers similar artists from the published model.
/// </summary>
public sealed class ArtistGrain(
    [PersistentState("artist", StorageNames.Artists)] IPersistentState<ArtistState> state,
    SnapshotCache snapshots,
    PublishedModelCache models,
    ArtistDirectory directory) : Grain, IArtistGrain
{
    private string Artist => this.GetPrimaryKeyString();

    public async Task<int> AddListeners(int index, string? name, ImmutableArray<ListenerPlay> listeners)
    {
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Artist '{Artist}': index {index} is negative.");
        }

        if (state.State.Index >= 0 && state.State.Index != index)
        {
            throw new InvalidOperationException($"Artist '{Artist}' has index {state.State.Index}, not {index}.");
        }

        var updated = new SortedCounts { Indexes = state.State.Listeners.Indexes, Counts = state.State.Listeners.Counts, Latest = state.State.Listeners.Latest };
        updated.Add(listeners.Select(l => (l.User, l.Count, 0L)));
        state.State.Index = index;
        state.State.Name ??= name;
        state.State.Listeners = updated;
        await state.WriteStateAsync();
        return updated.Length;
    }

    public Task<ArtistInfo> GetInfo()
    {
        var l = state.State.Listeners;
        var total = 0.0;
        foreach (var c in l.Counts)
        {
            total += c;
        }

        return Task.FromResult(new ArtistInfo(Artist, state.State.Index, state.State.Name ?? Artist, l.Length, total));
    }

    public Task<Observations> GetObservations() =>
        Task.FromResult(new Observations(state.State.Index, state.State.Listeners.Indexes, state.State.Listeners.Counts));

    public Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default) =>
        RowSolving.SolveAsync(snapshots, request, CatalogKind.Users, state.State.Listeners, RuntimeIdentity);

    public async Task<SimilarArtists> Similar(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var published = await models.GetAsync(ModelNames.Default);
        var index = state.State.Index;
        if (published is null || index < 0 || index >= published.Artists)
        {
            return new SimilarArtists(Artist, published?.Version ?? 0, []);
        }

        var snapshot = await snapshots.GetAsync(PublishedModelCache.ArtistSnapshot(published), published.Options.Regularization);
        var sims = new float[published.Artists];
        FactorScoring.ScoreAll(snapshot.Factors, snapshot.Factors.Row(index), sims);
        var norms = snapshot.Norms;
        for (var i = 0; i < sims.Length; i++)
        {
            var d = norms[i] * norms[index];
            sims[i] = d > 0f ? sims[i] / d : 0f;
        }

        var top = new int[Math.Min(count, published.Artists)];
        var n = TopK.Select(sims, [index], top);
        var names = await directory.GetAsync(published.Artists);
        return new SimilarArtists(Artist, published.Version, [.. top.Take(n).Select(i => ArtistDirectory.Describe(names, i, sims[i]))]);
    }
}
