using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Training;

/// <summary>
/// One run's loop, started by the orchestrator grain (its <see cref="IRunOwner"/>) and run on its scheduler:
/// half-sweeps until the last iteration, then the publication. Every change of the run's state is made
/// under the owner's lock and only while the run still owns the state.
/// </summary>
internal sealed class TrainingLoop(IRunOwner owner, IGrainFactory grains, IListenerFlushClient listeners, IFactorMemoryClient factorMemory, TrainingRuntimeOptions options, ILogger logger)
{
    private readonly string _model = owner.Model;
    private readonly PartitionSweeps _partitions = new(grains, owner.Model, options, logger);

    /// <summary>The run's loop. It never throws: a failure is recorded in the run's state (if the run still owns it).</summary>
    public async Task RunAsync(TrainingState s, CancellationToken cancellationToken)
    {
        var runId = s.RunId;
        try
        {
            var options = s.Options!;
            while (s.HalfSweepsDone < 2 * options.Iterations)
            {
                if (!await HalfSweepAsync(s, options, cancellationToken))
                {
                    logger.LogInformation("Model {Model}: run {Run} stopped after {HalfSweeps} half-sweeps; it was cancelled or replaced", _model, runId, s.HalfSweepsDone);
                    return;
                }
            }

            await PublishAsync(s, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Model {Model}: run {Run} stopped by cancellation", _model, runId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Model {Model}: run {Run} failed after {HalfSweeps} half-sweeps", _model, runId, s.HalfSweepsDone);
            await RecordFailureAsync(s, e, cancellationToken);
        }
    }

    private async Task RecordFailureAsync(TrainingState s, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await EndAsync(s, TrainingPhase.Failed, () => s.Error = error.Message, $"failure of run {s.RunId}", cancellationToken);
        }
        catch (Exception e)
        {
            // The run stays "running" in storage: the reminder or the next activation resumes it from its last half-sweep.
            logger.LogError(e, "Model {Model}: could not record the failure of run {Run}; it resumes from storage", _model, s.RunId);
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
        if (s.HalfSweepsDone < 2)
        {
            // The barriers: every silo's buffered listener changes reach the artists first.
            // - Before the first user half-sweep (here, not in Start, so a start after a large import answers at once):
            //   otherwise the gather reactivates users whose changes are still unacknowledged, and each resends them.
            // - Before the first artist half-sweep, which reads the artists' own lists: users the gather reactivated
            //   elsewhere may have resent changes. A failure fails the half-sweep.
            var (silos, flushed) = await listeners.FlushAllAsync();
            logger.LogInformation("Model {Model}: run {Run}: {Silos} silos flushed {Changes} listener changes before the first {Side} half-sweep", _model, s.RunId, silos, flushed, userStep ? "user" : "artist");
        }

        var side = userStep ? CatalogKind.Users : CatalogKind.Artists;
        var rows = userStep ? s.Users : s.Artists;
        var previous = userStep ? s.UserVersion : s.ArtistVersion;
        var request = RunRecords.NextSweep(_model, s, options);
        var results = await _partitions.RunAsync(request, rows, cancellationToken);
        var loss = RunProgress.Loss(s, results, userStep);
        if (userStep && !options.PerRowCalls)
        {
            // X^T X of the new user factors from the partitions' partial sums, durable before the half-sweep commits.
            await SweepGramian.WriteAsync(grains, _model, s.RunId, request.OutputVersion, options, results);
        }

        if (!await owner.TakeOwnedAsync(s, cancellationToken))
        {
            return false;
        }

        try
        {
            RunProgress.Commit(s, request, results, loss, clock.Elapsed.TotalSeconds, owner.Silo);
            await owner.WriteAsync($"{side} half-sweep {s.HalfSweepsDone} of run {s.RunId}");
            if (!userStep)
            {
                owner.IterationDone(s.IterationSeconds[^1]);
            }
        }
        finally
        {
            owner.Release();
        }

        // Only once the new version is durable is the one it replaces unneeded, even by a resumed run.
        await _partitions.ClearAsync(s.RunId, side, previous, rows);
        return true;
    }

    private async Task PublishAsync(TrainingState s, CancellationToken cancellationToken)
    {
        var version = (s.Published?.Version ?? 0) + 1;
        var replaced = s.Published;
        if (!await EndAsync(s, TrainingPhase.Completed, () => s.Published = RunRecords.Publication(_model, s, version), $"publication of version {version} (run {s.RunId})", cancellationToken))
        {
            logger.LogInformation("Model {Model}: run {Run} was cancelled or replaced before its publication", _model, s.RunId);
            return;
        }

        if (replaced is not null)
        {
            // Queries switch to the new version within Live:PublishedModelMaxAge; give them time to move.
            await Task.Delay(options.ReplacedSnapshotGrace);
            await _partitions.ClearAsync(replaced.RunId, CatalogKind.Users, replaced.UserSnapshot, replaced.Users);
            await _partitions.ClearAsync(replaced.RunId, CatalogKind.Artists, replaced.ArtistSnapshot, replaced.Artists);
        }
        logger.LogInformation("Model {Model}: published version {Version} (run {Run}), final loss {Loss}", _model, version, s.RunId, s.Losses.LastOrDefault());

        // The workers let their training copies go with the last half-sweeps; the silos give back what they left.
        try
        {
            await factorMemory.TrainingEndedAllAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Model {Model}: run {Run} is published, but not every silo could be told that training ended; they compact their heaps when it grows instead", _model, s.RunId);
        }
    }

    /// <summary>
    /// Ends run <paramref name="s"/> in <paramref name="phase"/> (with <paramref name="change"/>) in one write under the
    /// owner's lock, then removes the resume reminder; false, with nothing written, when the run no longer owns the state.
    /// </summary>
    private async Task<bool> EndAsync(TrainingState s, TrainingPhase phase, Action change, string what, CancellationToken cancellationToken)
    {
        if (!await owner.TakeOwnedAsync(s, cancellationToken))
        {
            return false;
        }

        try
        {
            change();
            s.Phase = phase;
            s.Finished = DateTimeOffset.UtcNow;
            await owner.WriteAsync(what);
        }
        finally
        {
            owner.Release();
        }

        await owner.StopReminderAsync();
        return true;
    }
}
