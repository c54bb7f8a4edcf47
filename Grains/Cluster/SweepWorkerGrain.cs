using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;
using Orleans.Placement;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// One partition of a half-sweep. By default it gathers its members' observations from their grains
/// once per run (one call per member) and then solves its whole block per half-sweep with the same
/// batched kernel as the single-process trainer: a half-sweep costs one call per partition instead of one per
/// row. The user side solves against the silo's cached artist snapshot (Y is broadcast) and returns X_b^T X_b of
/// its new rows; the artist side fetches only the user rows its listeners use (its out-block, one call per user
/// block) and solves against the Gramian the orchestrator summed from those partial sums. With
/// <see cref="TrainingOptions.PerRowCalls"/> each member grain solves its own row instead.
/// Either way the block is written durably, and rerunning a request recomputes the same block, which
/// is how a half-sweep survives a lost silo. Workers are placed by hash of their key, so the partitions
/// spread over the silos instead of gathering where the orchestrator runs.
/// </summary>
[HashBasedPlacement]
public sealed class SweepWorkerGrain(SnapshotCache snapshots, ComputeGate compute, FactorBuffers buffers, ILogger<SweepWorkerGrain> logger) : Grain, ISweepWorkerGrain
{
    private const int PopularPerBlock = 100;
    private BlockData? _data;
    private (string Side, int Start, ImmutableArray<CatalogEntry> Ids)? _members;

    public async Task<SweepResult> Run(SweepRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var timer = new PhaseTimer();
        var k = request.Options.Factors;
        var first = request.Block * SnapshotKeys.BlockRows;
        var start = await StartRowsAsync(request, first);
        timer.Mark("warm start");
        var outcome = request.Options.PerRowCalls
            ? await SolveRowByRowAsync(request, first, start, cancellationToken)
            : await SolveBlockAsync(request, first, start, timer, cancellationToken);

        await GrainFactory.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(request.Model, request.RunId, request.Side, request.OutputVersion, request.Block))
            .Write(new FactorBlock(first, request.Rows, k, outcome.Rows));
        timer.Mark("write");
        if (request.Last)
        {
            // The run needs this side's copy no more: the activation goes, and with it the copy (a retried request gathers again).
            DeactivateOnIdle();
        }

        var norm = 0.0;
        foreach (var v in MemoryMarshal.Cast<byte, float>(outcome.Rows.AsSpan()))
        {
            norm += (double)v * v;
        }

        // Factor rows that crossed grain calls: the fixed side's (a snapshot load or an out-block), the warm start
        // (the previous version's block; version 0 is computed) and the new block.
        var blockBytes = (long)request.Rows * k * sizeof(float);
        var popular = Enumerable.Range(0, request.Rows).OrderByDescending(r => outcome.Observations[r]).ThenBy(r => r).Take(PopularPerBlock).ToArray();
        logger.LogInformation("Run {Run}: {Side} block {Block} v{Version}: {Phases}", request.RunId, request.Side, request.Block, request.OutputVersion, timer);
        return new SweepResult
        {
            Rows = request.Rows,
            LossSum = outcome.Loss,
            SquaredNorm = norm,
            Calls = outcome.Calls,
            CrossSiloCalls = outcome.CrossSiloCalls,
            Seconds = clock.Elapsed.TotalSeconds,
            Silo = RuntimeIdentity,
            Popular = [.. popular.Select(r => first + r)],
            PopularCounts = [.. popular.Select(r => outcome.Observations[r])],
            Gramian = outcome.Gramian is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(outcome.Gramian),
            FactorBytes = outcome.FixedBytes + (request.PreviousVersion > 0 ? blockBytes : 0) + blockBytes,
        };
    }

    private async Task<Outcome> SolveBlockAsync(SweepRequest request, int first, byte[] start, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var data = await BlockDataAsync(request, first, cancellationToken);
        timer.Mark("gather");
        var o = request.Options.ToAls();

        // The solve runs on the thread pool across the silo's cores, one block at a time per silo; the fixed side
        // is fetched within the same turn (an out-block is held only while its block solves), and the rows come
        // back through this grain.
        var solved = await compute.RunAsync(
            async () =>
            {
                timer.Mark("gate");
                var fixedSide = await FixedSideAsync(request, data, o);
                timer.Mark(data.Out is { } planned && request.FixedVersion > 0 ? $"out-block of {planned.Rows.Length} rows" : "snapshot");
                return fixedSide;
            },
            f => BlockSolve.Run(request.Rows, request.Side == CatalogKind.Users, request.ComputeLoss, o, start, f, timer, cancellationToken),
            cancellationToken);

        var observations = Enumerable.Range(0, request.Rows).Select(data.Excess.RowLength).ToArray();
        return new Outcome(solved.Rows, solved.Loss, observations, 0, 0, solved.Gramian, solved.FixedBytes);
    }

    /// <summary>
    /// The side held fixed: for users the artist snapshot, broadcast (loaded once per silo, with its Gramian); for
    /// artists only the user rows their listeners use (the out-block, one call per user block), with the Gramian the
    /// user half-sweep's partitions summed (stored with the user snapshot, so a retried block uses the same one).
    /// </summary>
    private async Task<FixedSide> FixedSideAsync(SweepRequest request, BlockData data, AlsOptions o)
    {
        if (data.Out is { } outBlock && request.FixedVersion > 0)
        {
            var key = SnapshotKeys.Gramian(request.Model, request.RunId, CatalogKind.Users, request.FixedVersion);
            var gramian = await GrainFactory.GetGrain<IFactorBlockGrain>(key).Read()
                ?? throw new InvalidOperationException($"The Gramian of the user snapshot v{request.FixedVersion} of run {request.RunId} is missing ({key}).");
            var stride = FactorMatrix.PaddedStride(o.Factors);
            if (gramian.Floats.Length != stride * stride)
            {
                throw new InvalidOperationException($"The Gramian {key} has {gramian.Floats.Length} entries; {o.Factors} factors need {stride * stride}.");
            }

            var fetched = await outBlock.FetchAsync(GrainFactory, b => SnapshotKeys.Block(request.Model, request.RunId, CatalogKind.Users, request.FixedVersion, b), o.Factors, RuntimeIdentity);

            var fixedGramian = gramian.Floats.ToArray();
            var moved = outBlock.Bytes(o.Factors);

            // Every block in this silo: the solve reads their stored rows in place (no out-block buffer, no copy).
            // Otherwise the rows are assembled inside the solve (BlockSolve.Run), where the current scheduler is the compute gate's.
            return OutBlock.CanReadInPlace(fetched, o.Factors)
                ? new FixedSide(() => outBlock.ReadInPlace(fetched, o.Factors), _ => { }, fixedGramian, moved)
                : new FixedSide(
                    () => outBlock.Assemble(fetched, o.Factors, buffers.Rent(outBlock.Rows.Length, stride, request.FixedRows), Environment.ProcessorCount, TaskScheduler.Current),
                    factors => buffers.Return(factors.Data),
                    fixedGramian,
                    moved);
        }

        var side = request.Side == CatalogKind.Users ? CatalogKind.Artists : CatalogKind.Users;
        var snapshot = await snapshots.GetAsync(new SnapshotId(request.Model, request.RunId, side, request.FixedVersion, request.FixedRows, o.Factors, o.Seed, o.InitScale), o.Regularization);
        return new FixedSide(() => (snapshot.Factors, data.Out?.Global() ?? data.Excess), _ => { }, snapshot.Gramian, snapshot.TakeLoadedBytes());
    }

    /// <summary>The members' observations for this run, gathered once (one call per member grain).</summary>
    private async Task<BlockData> BlockDataAsync(SweepRequest request, int first, CancellationToken cancellationToken)
    {
        if (_data is { } cached && cached.RunId == request.RunId && cached.Side == request.Side && cached.FirstRow == first && cached.Excess.Rows == request.Rows)
        {
            return cached;
        }

        var clock = Stopwatch.StartNew();
        var ids = await MembersAsync(request.Side, first, request.Rows);
        var gathered = new Observations[request.Rows];
        await Lanes.ForEachAsync(request.Rows, request.Options.Concurrency, async r =>
        {
            var id = ids[r].Id;
            gathered[r] = request.Side == CatalogKind.Users
                ? await GrainFactory.GetGrain<IUserGrain>(id).GetObservations()
                : await GrainFactory.GetGrain<IArtistGrain>(id).GetObservations();
            // A member registered but never played (an artist only the test set has) has no index of its own yet: an empty row.
            if (gathered[r].Index != first + r && !(gathered[r].Index < 0 && gathered[r].Indexes.Length == 0))
            {
                throw new InvalidOperationException($"{request.Side} '{id}' has index {gathered[r].Index}, the catalog says {first + r}.");
            }
        }, cancellationToken);

        var o = request.Options.ToAls();
        var starts = new int[request.Rows + 1];
        for (var r = 0; r < request.Rows; r++)
        {
            // Cells of rows registered after the run started are not part of it.
            var n = Array.BinarySearch(gathered[r].Indexes, request.FixedRows);
            starts[r + 1] = starts[r] + (n >= 0 ? n : ~n);
        }

        var columns = new int[starts[request.Rows]];
        var values = new float[columns.Length];
        for (var r = 0; r < request.Rows; r++)
        {
            var g = gathered[r];
            for (var t = 0; t < starts[r + 1] - starts[r]; t++)
            {
                columns[starts[r] + t] = g.Indexes[t];
                values[starts[r] + t] = g.Counts[t];
            }
        }

        Confidence.Fill(values, values, o);

        var excess = new CsrMatrix(request.Rows, request.FixedRows, starts, columns, values);
        // An artist partition keeps only its out-block's renumbered copy of the columns (4 bytes an observation less).
        var outBlock = request.Side == CatalogKind.Artists ? OutBlock.Plan(excess) : null;
        _data = new BlockData(request.RunId, request.Side, first, outBlock?.Local ?? excess, clock.Elapsed, request.Rows, 0, outBlock);
        return _data;
    }

    private async Task<Outcome> SolveRowByRowAsync(SweepRequest request, int first, byte[] start, CancellationToken cancellationToken)
    {
        var k = request.Options.Factors;
        var ids = await MembersAsync(request.Side, first, request.Rows);
        var rows = new float[request.Rows * k];
        var losses = new double[request.Rows];
        var observations = new int[request.Rows];
        var cross = 0;
        await Lanes.ForEachAsync(request.Rows, request.Options.Concurrency, async row =>
        {
            var solve = new SolveRequest
            {
                Model = request.Model,
                RunId = request.RunId,
                FixedVersion = request.FixedVersion,
                FixedRows = request.FixedRows,
                Options = request.Options,
                Start = MemoryMarshal.Cast<byte, float>(start.AsSpan()).Slice(row * k, k).ToArray(),
                ComputeLoss = request.ComputeLoss,
            };
            var result = request.Side == CatalogKind.Users
                ? await GrainFactory.GetGrain<IUserGrain>(ids[row].Id).Solve(solve, cancellationToken)
                : await GrainFactory.GetGrain<IArtistGrain>(ids[row].Id).Solve(solve, cancellationToken);
            result.Factor.CopyTo(rows, row * k);
            losses[row] = result.LossTerm;
            observations[row] = result.Observations;
            if (result.Silo != RuntimeIdentity)
            {
                cross++;
            }
        }, cancellationToken);

        var loss = 0.0;
        foreach (var l in losses)
        {
            loss += l;
        }

        return new Outcome(MemoryMarshal.AsBytes(rows.AsSpan()).ToArray(), loss, observations, request.Rows, cross, null, 0);
    }

    private async Task<ImmutableArray<CatalogEntry>> MembersAsync(string side, int first, int rows)
    {
        if (_members is { } m && m.Side == side && m.Start == first && m.Ids.Length >= rows)
        {
            return m.Ids;
        }

        var ids = await GrainFactory.GetGrain<ICatalogGrain>(side).GetRange(first, rows);
        if (ids.Length < rows)
        {
            throw new InvalidOperationException($"Catalog '{side}' has {ids.Length} ids from index {first}, the sweep expects {rows}.");
        }

        _members = (side, first, ids);
        return ids;
    }

    /// <summary>The rows to warm-start from: this side's previous snapshot, or the seeded initial factors.</summary>
    private async Task<byte[]> StartRowsAsync(SweepRequest request, int first)
    {
        var k = request.Options.Factors;
        if (request.PreviousVersion == 0)
        {
            var side = request.Side == CatalogKind.Users ? FactorInitializer.UserSide : FactorInitializer.ArtistSide;
            var init = new float[request.Rows * k];
            var row = new float[FactorMatrix.PaddedStride(k)];
            for (var r = 0; r < request.Rows; r++)
            {
                FactorInitializer.FillRow(row, k, request.Options.Seed, side, first + r, request.Options.InitScale);
                row.AsSpan(0, k).CopyTo(init.AsSpan(r * k, k));
            }

            return MemoryMarshal.AsBytes(init.AsSpan()).ToArray();
        }

        var block = await GrainFactory.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(request.Model, request.RunId, request.Side, request.PreviousVersion, request.Block)).Read()
            ?? throw new InvalidOperationException($"Snapshot block {request.Side} v{request.PreviousVersion} #{request.Block} of run {request.RunId} is missing.");
        // A stored block is immutable: its bytes are used as they are.
        return block.Bytes;
    }

    private sealed record Outcome(byte[] Rows, double Loss, int[] Observations, int Calls, int CrossSiloCalls, double[]? Gramian, long FixedBytes);

}
