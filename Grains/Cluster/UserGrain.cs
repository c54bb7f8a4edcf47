using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Storage;
using MusicRecs.Grains.Training;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// A listener: owns its play counts durably and sequences what changes them (imported and streamed
/// batches, one at a time), solves its factor row in training, and keeps the factor its answers use.
/// The rules of a batch live in <see cref="UserPlays"/>, the answers in <see cref="Recommender"/>.
/// Placed by hash of its key: a user that left comes back to the silo that saw its outbox acknowledged (no resend).
/// </summary>
[ImplicitStreamSubscription(PlayStreams.Namespace)]
[Orleans.Placement.HashBasedPlacement]
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    Recommender serving,
    PlayIntake intake,
    SnapshotCache snapshots,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IStreamSubscriptionObserver
{
    private readonly UserFactor _factor = new(serving, snapshots.Held, intake.Counters);
    private readonly ActivationUse _use = new(intake.ReleaseBulkActivations);
    private readonly OutboxTrim _outbox = new(intake);

    /// <summary>Memory may be ahead of storage (a write and the reload after it failed): nothing of it may be written or sent.</summary>
    private bool _broken;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // What the previous activation owed and this silo saw no acknowledgment of (its silo may have died holding it) goes out again.
        _outbox.Activated(state.State);
        await intake.ResendAsync(state.State);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _factor.Release();
        await _outbox.StoreOnDeactivationAsync(state, _broken, logger, User, reason, cancellationToken);
    }

    private string User => this.GetPrimaryKeyString();

    /// <summary>
    /// The play stream's handler, attached when the first event for this user arrives rather than on every
    /// activation: an activation for an import, a query or training's gather then holds no stream consumer
    /// (about 1.7 KB a user grain by a heap dump of a silo mid-import: see docs/cluster.md, "Silo memory").
    /// </summary>
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<PlayBatch>().ResumeAsync((batch, _) =>
        {
            _use.Live();
            return Apply(batch);
        });

    public async Task<int> Settle()
    {
        // A user never registered (Index < 0) has no outbox: nothing is trimmed, written or sent.
        _use.LeaveIfBulk(this);
        if (_outbox.Apply(state.State))
        {
            await WriteAsync("trimmed outbox");
        }

        _outbox.Stored(state.State);
        await intake.ResendAsync(state.State);
        return state.State.Outbox.Length;
    }

    /// <summary>Persists the state; on failure storage's copy is reloaded and what it owes the artists is sent again (the write may have landed).</summary>
    private async Task WriteAsync(string what)
    {
        var reloaded = false;
        try
        {
            await StateWrites.WriteOrReloadAsync(state, this, logger, what, () => reloaded = true);
            _outbox.Stored(state.State);
        }
        catch
        {
            if (reloaded)
            {
                await intake.ResendAsync(state.State);
            }
            else
            {
                // Memory may be ahead of storage: the deactivation must not write it.
                _broken = true;
            }

            throw;
        }
    }

    public Task<UserHistory> GetHistory()
    {
        _use.Live();
        return Task.FromResult(PlayHistory.Of(User, state.State));
    }

    public Task<Observations> GetObservations()
    {
        _use.LeaveIfBulk(this);
        return Task.FromResult(new Observations(state.State.Index, state.State.Plays.Indexes, state.State.Plays.Counts));
    }

    public Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default)
    {
        _use.Live();
        return RowSolving.SolveAsync(snapshots, request, CatalogKind.Artists, state.State.Plays, RuntimeIdentity);
    }

    public async Task<Recommendations> RecommendWith(RecommendRequest request)
    {
        _use.Live();
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        var published = await serving.PublishedAsync();
        if (published is null)
        {
            logger.LogDebug("User {User}: no published model, empty popularity answer", User);
        }

        var (factor, source) = await _factor.GetAsync(published, state.State);
        return await serving.RecommendAsync(User, published, factor, source, state.State.Plays, request);
    }

    public Task<Explanation> Explain(int artist, int count)
    {
        _use.Live();
        return serving.ExplainAsync(User, state.State.Plays, artist, count);
    }

    /// <summary>
    /// Applies one batch, streamed or imported: drops events already applied and rejects bad ones and ones
    /// too old to tell (counted and logged, never thrown: a throwing consumer would block the stream), registers new artists, and in one write
    /// persists the plays, the events' ids and the listener changes owed to the artists (the outbox, with
    /// the entries the artists acknowledged since removed); then re-solves x_u once for the whole batch
    /// when a model is published and hands the owed changes to the silo's buffer, which sends them on.
    /// </summary>
    public async Task<PlayReceipt> Apply(PlayBatch batch)
    {
        var check = UserPlays.Check(state.State, batch, intake.DedupeWindow);
        if (check.Fresh.Count > 0)
        {
            if (state.State.Index < 0)
            {
                state.State.Index = await intake.RegisterUserAsync(User);
            }

            var published = await serving.PublishedAsync();
            var indexOf = await intake.ResolveArtistsAsync(published, check.Fresh.Select(e => e.Artist));
            check = UserPlays.LimitSums(state.State, check, indexOf);
            if (check.Fresh.Count > 0)
            {
                _outbox.Apply(state.State);
                UserPlays.Apply(state.State, check.Fresh, indexOf, DateTimeOffset.UtcNow, intake.DedupeWindow, intake.ProducerMaxIdle);
                var owed = Outbox.Add(state.State, check.Fresh.Select(e => (indexOf[e.Artist], e.Count)));
                await WriteAsync($"{check.Fresh.Count} plays");
                intake.Counters.Applied(check.Fresh.Count);
                _factor.PlaysChanged();
                var (factor, _) = await _factor.GetAsync(published, state.State);
                await intake.ForwardAsync(published, state.State, owed, indexOf, factor);
            }
        }

        PlayCheckReport.Log(logger, User, check, intake.Counters);
        _use.LeaveIfBulk(this);
        return new PlayReceipt(check.Fresh.Count, check.Duplicates, check.RejectedCount, check.TooOld.Count);
    }
}
