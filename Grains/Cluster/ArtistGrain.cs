using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Ranking;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Storage;
using MusicRecs.Grains.Training;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// An artist: owns its name and listener counts durably (blob storage: a popular artist's list is
/// large), solves its factor row in training and answers similar artists from the published model.
/// </summary>
public sealed class ArtistGrain(
    [PersistentState("artist", StorageNames.Artists)] IPersistentState<ArtistState> state,
    SnapshotCache snapshots,
    Recommender serving,
    ArtistOverlay overlay,
    ArtistFactorBuffer refreshed,
    IOptions<LiveOptions> liveOptions,
    ILogger<ArtistGrain> logger) : Grain, IArtistGrain
{
    /// <summary>Folded-in factors of listeners that played since the published model, by user index.</summary>
    private readonly Dictionary<int, float[]> _liveListeners = [];

    /// <summary>This artist's last refreshed factor (k components) and the model version it belongs to.</summary>
    private (int Version, float[] Factor)? _refreshed;

    [ThreadStatic]
    private static RefreshScratch? t_scratch;
    private int _liveVersion;

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

        // Each (user, outbox entry) once: a resent entry changes nothing. A count of 0 only carries a listener's new factor.
        var update = ListenerLedger.Apply(state.State.Listeners, state.State.Sequences, listeners);
        if (update.Applied > 0 || state.State.Index < 0 || (name is not null && state.State.Name is null))
        {
            state.State = new ArtistState { Index = index, Name = state.State.Name ?? name, Listeners = update.Listeners, Sequences = update.Sequences };
            await StateWrites.WriteOrReloadAsync(state, this, logger, $"{update.Applied} listener changes");
        }

        if (listeners.Any(l => l.Factor is not null))
        {
            await RefreshAsync(listeners);
        }

        return state.State.Listeners.Length;
    }

    /// <summary>
    /// Live plays changed this artist's listeners: re-solve y_i against the published user factors, with
    /// the listeners that just played replaced by their folded-in factors (the published Gramian is kept),
    /// and offer it to the silos. The solve is the training kernel warm-started from the artist's current
    /// factor (its last refresh, or the published row), so a refresh costs what a training step does; an
    /// artist the model does not know yet gets its first factor exactly (Cholesky) once it has enough
    /// listeners. An artist with more than Live:RefreshMaxListeners listeners waits for training instead,
    /// which bounds a refresh's work and its scratch memory.
    /// </summary>
    private async Task RefreshAsync(ImmutableArray<ListenerPlay> live)
    {
        var published = await serving.PublishedAsync();
        if (published is null)
        {
            return;
        }

        if (_liveVersion != published.Version)
        {
            _liveListeners.Clear();
            _liveVersion = published.Version;
        }

        foreach (var l in live.Where(l => l.Factor is not null))
        {
            _liveListeners[l.User] = l.Factor!;
        }

        var o = published.Options.ToAls();
        var listeners = state.State.Listeners;
        var index = state.State.Index;
        if (listeners.Length > liveOptions.Value.RefreshMaxListeners)
        {
            // Bounded work per flush: one listener barely moves a factor fitted to this many; training refreshes it.
            return;
        }

        if (index >= published.Artists && listeners.Length < published.Options.NewArtistMinListeners)
        {
            return;
        }

        var users = await snapshots.GetAsync(PublishedModelCache.UserSnapshot(published), o.Regularization);
        var start = _refreshed is { } r && r.Version == published.Version ? r.Factor : null;
        if (start is null && index < published.Artists)
        {
            start = (await overlay.GetAsync(published)).Factors.Vector(index).ToArray();
        }

        var scratch = t_scratch is { } s && s.Stride == users.Factors.Stride ? s : t_scratch = new RefreshScratch(users.Factors.Stride);
        var (rows, excess) = scratch.Rows(listeners.Length, o.Factors);
        var count = 0;
        for (var t = 0; t < listeners.Length; t++)
        {
            var u = listeners.Indexes[t];
            if (_liveListeners.TryGetValue(u, out var folded))
            {
                folded.AsSpan(0, o.Factors).CopyTo(rows.Row(count));
            }
            else if (u < published.Users)
            {
                users.Factors.Row(u).CopyTo(rows.Row(count));
            }
            else
            {
                continue;
            }

            excess[count++] = listeners.Counts[t];
        }

        Confidence.Fill(excess.AsSpan(0, count), excess, o);

        if (count == 0)
        {
            return;
        }

        var x = scratch.Start(start);
        var solver = start is null ? SolverKind.Cholesky : o.Solver;
        RowSolver.Solve(solver, o.CgSteps, users.Gramian, rows, scratch.Indexes(count), excess.AsSpan(0, count), x, scratch.Workspace);

        // One array per refresh, shared by this grain (next warm start), the buffer and the delta grain: never changed after.
        var y = x[..o.Factors].ToArray();
        _refreshed = (published.Version, y);
        refreshed.Add(published.Model, published.Version, index, y);
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

    public Task<SimilarArtists> Similar(int count) => serving.SimilarAsync(Artist, state.State.Index, count);
}
