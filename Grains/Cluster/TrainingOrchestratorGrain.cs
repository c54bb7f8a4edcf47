using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using Orleans.Concurrency;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Serving;
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
    ILogger<TrainingOrchestratorGrain> logger) : Grain, ITrainingOrchestratorGrain, IRemindable
{
    private const string ResumeReminder = "resume-training";
    private const int PopularKept = 200;
    private Task? _loop;
    private CancellationTokenSource? _cancel;

    /// <summary>
    /// Serialises changes of <c>state</c>. The loop waits for it with its cancellation token: a start that
    /// holds it while waiting for a cancelled loop to end cannot deadlock with that loop.
    /// </summary>
    private readonly SemaphoreSlim _changes = new(1, 1);

    private string Model => this.GetPrimaryKeyString();

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

            // The barrier: listener changes of plays applied before this call may still sit in a silo's buffer,
            // and the artist half-sweep reads the artists' own lists. Every active silo flushes first.
            var (silos, flushed) = await listeners.FlushAllAsync();
            var users = await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Users).Count();
            var artists = await GrainFactory.GetGrain<ICatalogGrain>(CatalogKind.Artists).Count();
            if (users == 0 || artists == 0)
            {
                throw new InvalidOperationException($"Nothing to train: {users} users and {artists} artists are registered; import plays first.");
            }

            var before = state.State;
            var published = before.Published;
            var next = new TrainingState
            {
                RunId = $"run{(published?.Version ?? 0) + 1}-{Guid.NewGuid():N}"[..16],
                Phase = TrainingPhase.UserSweep,
                Options = options,
                Users = users,
                Artists = artists,
                Started = DateTimeOffset.UtcNow,
                Published = published,
            };
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
            logger.LogInformation("Model {Model}: run {Run} started over {Users} users and {Artists} artists, {Iterations} iterations, after {Silos} silos flushed {Changes} listener changes", Model, state.State.RunId, users, artists, options.Iterations, silos, flushed);
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
        _loop = RunAsync(state.State, _cancel.Token);
    }

    /// <summary>
    /// Takes the lock for a change of run <paramref name="s"/>: false (lock not held) when the run no longer
    /// owns the state, was cancelled, or ended; a cancellation while waiting counts as cancelled.
    /// </summary>
    private async Task<bool> TakeOwnedAsync(TrainingState s, CancellationToken cancellationToken)
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

    /// <summary>The run's loop. It never throws: a failure is recorded in the run's state (if the run still owns it).</summary>
    private async Task RunAsync(TrainingState s, CancellationToken cancellationToken)
    {
        var runId = s.RunId;
        try
        {
            var options = s.Options!;
            while (s.HalfSweepsDone < 2 * options.Iterations)
            {
                if (!await HalfSweepAsync(s, options, cancellationToken))
                {
                    logger.LogInformation("Model {Model}: run {Run} stopped after {HalfSweeps} half-sweeps; it was cancelled or replaced", Model, runId, s.HalfSweepsDone);
                    return;
                }
            }

            await PublishAsync(s, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Model {Model}: run {Run} stopped by cancellation", Model, runId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Model {Model}: run {Run} failed after {HalfSweeps} half-sweeps", Model, runId, s.HalfSweepsDone);
            await RecordFailureAsync(s, e, cancellationToken);
        }
    }

    private async Task RecordFailureAsync(TrainingState s, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            if (!await TakeOwnedAsync(s, cancellationToken))
            {
                return;
            }

            try
            {
                s.Phase = TrainingPhase.Failed;
                s.Error = error.Message;
                s.Finished = DateTimeOffset.UtcNow;
                await WriteAsync($"failure of run {s.RunId}");
            }
            finally
            {
                _changes.Release();
            }

            await StopReminderAsync();
        }
        catch (Exception e)
        {
            // The run stays "running" in storage: the reminder or the next activation resumes it from its last half-sweep.
            logger.LogError(e, "Model {Model}: could not record the failure of run {Run}; it resumes from storage", Model, s.RunId);
        }
    }

    /// <summary>
    /// One half-sweep: fan out, wait for every partition (the barrier), then commit under the lock, if the run
    /// still owns the state. False when it no longer does (cancelled or replaced): nothing was written.
    /// </summary>
    private async Task<bool> HalfSweepAsync(TrainingState s, TrainingOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var userStep = s.HalfSweepsDone % 2 == 0;
        if (s.HalfSweepsDone == 1)
        {
            // A second barrier before the first artist half-sweep, which reads the artists' own listener lists: user
            // grains activated by the user half-sweep (it reads their plays) resend their outboxes to the silos'
            // listener buffers, and those changes must reach the artists first. A failure fails the half-sweep.
            var (silos, flushed) = await listeners.FlushAllAsync();
            logger.LogInformation("Model {Model}: run {Run}: {Silos} silos flushed {Changes} listener changes before the first artist half-sweep", Model, s.RunId, silos, flushed);
        }

        var side = userStep ? CatalogKind.Users : CatalogKind.Artists;
        var rows = userStep ? s.Users : s.Artists;
        var previous = userStep ? s.UserVersion : s.ArtistVersion;
        var request = RunRecords.NextSweep(Model, s, options);
        var blocks = SnapshotKeys.Blocks(rows);
        var results = await Task.WhenAll(Enumerable.Range(0, blocks).Select(b => RunBlockAsync(request with
        {
            Block = b,
            Rows = Math.Min(SnapshotKeys.BlockRows, rows - (b * SnapshotKeys.BlockRows)),
        }, cancellationToken)));

        double loss = 0;
        if (!userStep)
        {
            loss = results.Sum(r => r.LossSum) + s.UserNorm;
            if (!double.IsFinite(loss))
            {
                throw new InvalidOperationException($"Iteration {s.Losses.Count + 1}: the training loss is {loss}; lower alpha or raise regularization.");
            }
        }

        if (userStep && !options.PerRowCalls)
        {
            // X^T X of the new user factors from the partitions' partial sums, durable before the half-sweep commits.
            await SweepGramian.WriteAsync(GrainFactory, Model, s.RunId, request.OutputVersion, options, results);
        }

        if (!await TakeOwnedAsync(s, cancellationToken))
        {
            return false;
        }

        try
        {
            s.CurrentIterationFactorBytes += results.Sum(r => r.FactorBytes);

            // Grain calls of the half-sweep: one per partition worker, plus one per row when rows solve themselves.
            s.SolveCalls += results.Length + results.Sum(r => r.Calls);
            s.CrossSiloCalls += results.Count(r => r.Silo != RuntimeIdentity) + results.Sum(r => r.CrossSiloCalls);
            if (userStep)
            {
                s.UserVersion = request.OutputVersion;
                s.UserNorm = options.Regularization * results.Sum(r => r.SquaredNorm);
            }
            else
            {
                s.ArtistVersion = request.OutputVersion;
                s.Losses.Add(loss);
                s.Popular = [.. results.SelectMany(r => r.Popular.Zip(r.PopularCounts)).OrderByDescending(p => p.Second).ThenBy(p => p.First).Take(PopularKept).Select(p => p.First)];
            }

            s.HalfSweepsDone++;
            s.Phase = s.HalfSweepsDone % 2 == 0 ? TrainingPhase.UserSweep : TrainingPhase.ArtistSweep;
            s.HalfSweepSeconds.Add(clock.Elapsed.TotalSeconds);
            s.CurrentIterationSeconds += clock.Elapsed.TotalSeconds;
            if (!userStep)
            {
                s.IterationSeconds.Add(s.CurrentIterationSeconds);
                s.CurrentIterationSeconds = 0;
                s.IterationFactorBytes.Add(s.CurrentIterationFactorBytes);
                s.CurrentIterationFactorBytes = 0;
            }

            await WriteAsync($"{side} half-sweep {s.HalfSweepsDone} of run {s.RunId}");
        }
        finally
        {
            _changes.Release();
        }

        // Only once the new version is durable is the one it replaces unneeded, even by a resumed run.
        await ClearBlocksAsync(s.RunId, side, previous, rows);
        return true;
    }

    /// <summary>One partition, retried on failure (a lost silo): the worker recomputes it from durable inputs.</summary>
    private async Task<SweepResult> RunBlockAsync(SweepRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GrainFactory.GetGrain<ISweepWorkerGrain>(SnapshotKeys.Worker(Model, request.Side, request.Block)).Run(request, cancellationToken);
            }
            catch (Exception e) when (attempt < options.Value.BlockAttempts && !cancellationToken.IsCancellationRequested && e is not ArgumentException)
            {
                logger.LogWarning(e, "Model {Model}: {Side} block {Block} failed (attempt {Attempt}); retrying", Model, request.Side, request.Block, attempt);
                await Task.Delay(options.Value.BlockRetryDelay * attempt, cancellationToken);
            }
        }
    }

    private async Task PublishAsync(TrainingState s, CancellationToken cancellationToken)
    {
        if (!await TakeOwnedAsync(s, cancellationToken))
        {
            logger.LogInformation("Model {Model}: run {Run} was cancelled or replaced before its publication", Model, s.RunId);
            return;
        }

        var version = (s.Published?.Version ?? 0) + 1;
        var replaced = s.Published;
        try
        {
            s.Published = RunRecords.Publication(Model, s, version);
            s.Phase = TrainingPhase.Completed;
            s.Finished = DateTimeOffset.UtcNow;
            await WriteAsync($"publication of version {version} (run {s.RunId})");
        }
        finally
        {
            _changes.Release();
        }

        await StopReminderAsync();
        if (replaced is not null)
        {
            // Queries switch to the new version within Live:PublishedModelMaxAge; give them time to move.
            await Task.Delay(options.Value.ReplacedSnapshotGrace);
            await ClearBlocksAsync(replaced.RunId, CatalogKind.Users, replaced.UserSnapshot, replaced.Users);
            await ClearBlocksAsync(replaced.RunId, CatalogKind.Artists, replaced.ArtistSnapshot, replaced.Artists);
        }
        logger.LogInformation("Model {Model}: published version {Version} (run {Run}), final loss {Loss}", Model, version, s.RunId, s.Losses.LastOrDefault());
    }

    /// <summary>
    /// Drops a snapshot version nothing reads any more (version 0 is computed, never stored). Best effort:
    /// a block left behind (its silo just died) costs storage, not correctness, so training goes on.
    /// </summary>
    private async Task ClearBlocksAsync(string runId, string side, int version, int rows)
    {
        if (version == 0)
        {
            return;
        }

        try
        {
            var keys = Enumerable.Range(0, SnapshotKeys.Blocks(rows)).Select(b => SnapshotKeys.Block(Model, runId, side, version, b));
            if (side == CatalogKind.Users)
            {
                keys = keys.Append(SnapshotKeys.Gramian(Model, runId, side, version));
            }

            await Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<IFactorBlockGrain>(key).Clear()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Model {Model}: could not clear {Side} snapshot v{Version} of run {Run}; its blocks stay in storage", Model, side, version, runId);
        }
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
