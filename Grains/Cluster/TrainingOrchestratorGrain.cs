using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using Orleans.Concurrency;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Serving;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Storage;
using MusicRecs.Grains.Training;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Drives ALS across the cluster (DESIGN.md section 3). Each half-sweep fans out to one sweep worker per
/// partition, waits for all (the barrier), then persists its progress; after the last iteration it
/// publishes a new model version in one write. A reminder, and reactivation itself, resume a run from
/// the last completed half-sweep. Reentrant so status and cancel answer while a sweep is in flight; every
/// change of the run state (start, cancel, a half-sweep's or the publication's commit, a failure) happens
/// under one in-grain lock and only by the run that owns the state, so two starts cannot both pass the
/// "already training" check and a sweep finishing after a cancel cannot overwrite it.
/// </summary>
[Reentrant]
public sealed class TrainingOrchestratorGrain(
    [PersistentState("training", StorageNames.Training)] IPersistentState<TrainingState> state,
    IOptions<TrainingRuntimeOptions> options,
    IListenerFlushClient listeners,
    IFactorMemoryClient factorMemory,
    TrainingMetrics metrics,
    ILogger<TrainingOrchestratorGrain> logger) : Grain, ITrainingOrchestratorGrain, IRemindable, IRunOwner
{
    private const string ResumeReminder = "resume-training";
    private Task? _loop;
    private CancellationTokenSource? _cancel;

    /// <summary>
    /// Serialises changes of <c>state</c>. The loop waits for it with its cancellation token: a start that
    /// holds it while waiting for a cancelled loop to end cannot deadlock with that loop.
    /// </summary>
    private readonly SemaphoreSlim _changes = new(1, 1);

    public string Model => this.GetPrimaryKeyString();

    string IRunOwner.Silo => RuntimeIdentity;

    void IRunOwner.Release() => _changes.Release();

    Task IRunOwner.WriteAsync(string what) => WriteAsync(what);

    Task IRunOwner.StopReminderAsync() => StopReminderAsync();

    void IRunOwner.IterationDone(double seconds) => metrics.Iteration(seconds);


    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsRunning(state.State.Phase))
        {
            // A run was in progress when the previous activation ended: continue it once activation completes.
            this.RegisterGrainTimer(_ => ResumeAsync(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public async Task<TrainingStatus> Start(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await _changes.WaitAsync();
        try
        {
            if (IsRunning(state.State.Phase))
            {
                throw new InvalidOperationException($"Model '{Model}' is already training (run {state.State.RunId}, {state.State.Phase}); cancel it first.");
            }

            if (_loop is { IsCompleted: false } previous)
            {
                // A cancelled run is finishing its in-flight half-sweep; let it stop before the new one starts.
                _cancel?.Cancel();
                await previous;
            }

            // The flush of every silo's listener buffer that a run needs first is the loop's first step, not this
            // call's: a start after a large import answers at once instead of waiting for the buffers to drain.
            var users = await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Users).Count();
            var artists = await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Artists).Count();
            if (users == 0 || artists == 0)
            {
                throw new InvalidOperationException($"Nothing to train: {users} users and {artists} artists are registered; import plays first.");
            }

            var before = state.State;
            var next = RunProgress.NewRun(options, users, artists, before.Published);
            state.State = next;
            try
            {
                await WriteAsync($"start of run {next.RunId}");
            }
            catch (Exception) when (ReferenceEquals(state.State, next))
            {
                // Nothing was read back (no stored record, or the read failed too and the grain deactivates): the
                // unstored run must not look like one in progress.
                state.State = before;
                throw;
            }
            catch (Exception) when (IsRunning(state.State.Phase))
            {
                // The write landed although it reported an error (storage now holds the new run): run it.
                EnsureLoop(resumed: true);
                throw;
            }

            await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            logger.LogInformation("Model {Model}: run {Run} started over {Users} users and {Artists} artists, {Iterations} iterations", Model, state.State.RunId, users, artists, options.Iterations);
            EnsureLoop(resumed: false);
            return Status();
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task<TrainingStatus> GetStatus() => Task.FromResult(Status());

    public async Task<TrainingStatus> Cancel()
    {
        await _changes.WaitAsync();
        try
        {
            if (!IsRunning(state.State.Phase))
            {
                return Status();
            }

            // The loop finds its token cancelled (or the phase no longer running) when it next takes the lock, and
            // leaves without writing: from here on only this call changes the run's state.
            _cancel?.Cancel();
            state.State.Phase = TrainingPhase.Cancelled;
            state.State.Finished = DateTimeOffset.UtcNow;
            await WriteAsync($"cancellation of run {state.State.RunId}");
            logger.LogInformation("Model {Model}: run {Run} cancelled after {HalfSweeps} half-sweeps", Model, state.State.RunId, state.State.HalfSweepsDone);
        }
        finally
        {
            _changes.Release();
        }

        await StopReminderAsync();
        return Status();
    }

    public Task<PublishedModel?> GetPublished() => Task.FromResult(state.State.Published);

    public Task ReceiveReminder(string reminderName, TickStatus status) => ResumeAsync();

    /// <summary>Continues a run whose loop is not running here (after a reactivation), or removes a stale reminder.</summary>
    private async Task ResumeAsync()
    {
        bool running;
        await _changes.WaitAsync();
        try
        {
            running = IsRunning(state.State.Phase);
            if (running)
            {
                EnsureLoop(resumed: true);
            }
        }
        finally
        {
            _changes.Release();
        }

        if (!running)
        {
            await StopReminderAsync();
        }
    }

    /// <summary>Starts the loop of the current run unless it runs already. Called with the lock held.</summary>
    private void EnsureLoop(bool resumed)
    {
        if (_loop is { IsCompleted: false } || !IsRunning(state.State.Phase))
        {
            return;
        }

        if (resumed)
        {
            state.State.Resumes++;
            logger.LogWarning("Model {Model}: resuming run {Run} after {HalfSweeps} completed half-sweeps", Model, state.State.RunId, state.State.HalfSweepsDone);
        }

        _cancel = new CancellationTokenSource();
        _loop = new TrainingLoop(this, GrainFactory, listeners, factorMemory, options.Value, logger).RunAsync(state.State, _cancel.Token);
    }

    /// <summary>
    /// Takes the lock for a change of run <paramref name="s"/>: false (lock not held) when the run no longer
    /// owns the state, was cancelled, or ended; a cancellation while waiting counts as cancelled.
    /// </summary>
    public async Task<bool> TakeOwnedAsync(TrainingState s, CancellationToken cancellationToken)
    {
        try
        {
            await _changes.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        if (!cancellationToken.IsCancellationRequested && ReferenceEquals(state.State, s) && IsRunning(s.Phase))
        {
            return true;
        }

        _changes.Release();
        return false;
    }

    /// <summary>
    /// Best effort: the run's outcome is already durable, and a reminder left behind (its table's silo
    /// just died) only ticks into <see cref="ReceiveReminder"/>, which tries again.
    /// </summary>
    private async Task StopReminderAsync()
    {
        try
        {
            var reminder = await this.GetReminder(ResumeReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Model {Model}: could not remove the resume reminder; the next tick removes it", Model);
        }
    }

    /// <summary>
    /// Writes the run state; on failure the grain reloads what storage holds (so no change the caller did not
    /// see stored stays in memory, and the ETag is fresh) and the error propagates. Called with the lock held.
    /// </summary>
    private Task WriteAsync(string what) => StateWrites.WriteOrReloadAsync(state, this, logger, what);

    private TrainingStatus Status() => RunRecords.Status(Model, state.State);

    private static bool IsRunning(TrainingPhase phase) => RunRecords.IsRunning(phase);
}
