using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Training;

/// <summary>
/// The orchestrator's calls to the partitions of a snapshot: a half-sweep fanned out to one sweep worker per
/// partition (each retried when its silo is lost: a worker recomputes its block from durable inputs), and the
/// removal of a version nothing reads any more.
/// </summary>
internal sealed class PartitionSweeps(IGrainFactory grains, string model, TrainingRuntimeOptions options, ILogger logger)
{
    /// <summary>Every partition of <paramref name="rows"/> rows, in parallel; completes when all have answered (the barrier).</summary>
    public Task<SweepResult[]> RunAsync(SweepRequest request, int rows, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, SnapshotKeys.Blocks(rows)).Select(b => RunBlockAsync(request with
        {
            Block = b,
            Rows = Math.Min(SnapshotKeys.BlockRows, rows - (b * SnapshotKeys.BlockRows)),
        }, cancellationToken)));

    /// <summary>
    /// Drops a snapshot version nothing reads any more (version 0 is computed, never stored), with a user
    /// version's Gramian. Best effort: a block left behind (its silo just died) costs storage, not correctness.
    /// </summary>
    public async Task ClearAsync(string runId, string side, int version, int rows)
    {
        if (version == 0)
        {
            return;
        }

        try
        {
            var keys = Enumerable.Range(0, SnapshotKeys.Blocks(rows)).Select(b => SnapshotKeys.Block(model, runId, side, version, b));
            if (side == CatalogKind.Users)
            {
                keys = keys.Append(SnapshotKeys.Gramian(model, runId, side, version));
            }

            await Task.WhenAll(keys.Select(key => grains.GetGrain<IFactorBlockGrain>(key).Clear()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Model {Model}: could not clear {Side} snapshot v{Version} of run {Run}; its blocks stay in storage", model, side, version, runId);
        }
    }

    private async Task<SweepResult> RunBlockAsync(SweepRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<ISweepWorkerGrain>(SnapshotKeys.Worker(model, request.Side, request.Block)).Run(request, cancellationToken);
            }
            catch (Exception e) when (attempt < options.BlockAttempts && !cancellationToken.IsCancellationRequested && e is not ArgumentException)
            {
                logger.LogWarning(e, "Model {Model}: {Side} block {Block} failed (attempt {Attempt}); retrying", model, request.Side, request.Block, attempt);
                await Task.Delay(options.BlockRetryDelay * attempt, cancellationToken);
            }
        }
    }
}
