using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;
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
    ArtistRefresher refresher,
    ILogger<ArtistGrain> logger) : Grain, IArtistGrain
{
    private readonly ArtistLiveState _live = new();
    private readonly ActivationUse _use = new(refresher.ReleaseBulkActivations);

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
            // Live factors: the activation keeps what the next refresh starts from.
            _use.Live();
            await refresher.RefreshAsync(_live, state.State.Index, state.State.Listeners, listeners);
        }

        _use.LeaveIfBulk(this);
        return state.State.Listeners.Length;
    }

    public Task<ArtistInfo> GetInfo()
    {
        _use.Live();
        var l = state.State.Listeners;
        var total = 0.0;
        foreach (var c in l.Counts)
        {
            total += c;
        }

        return Task.FromResult(new ArtistInfo(Artist, state.State.Index, state.State.Name ?? Artist, l.Length, total));
    }

    public Task<Observations> GetObservations()
    {
        _use.LeaveIfBulk(this);
        return Task.FromResult(new Observations(state.State.Index, state.State.Listeners.Indexes, state.State.Listeners.Counts));
    }

    public Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default)
    {
        _use.Live();
        return RowSolving.SolveAsync(snapshots, request, CatalogKind.Users, state.State.Listeners, RuntimeIdentity);
    }

    public Task<SimilarArtists> Similar(int count)
    {
        _use.Live();
        return serving.SimilarAsync(Artist, state.State.Index, count);
    }
}
