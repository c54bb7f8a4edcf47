using System.Diagnostics;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Snapshots;
using MusicRecs.Grains.Training;
using Orleans.Placement;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// One partition of a half-sweep. By default it gathers its members' observations from their grains
/// once per run (one call per member) and then solves its whole block per half-sweep with the same
/// batched kernel as the single-process trainer, against the silo's cached snapshot of the other side:
/// a half-sweep costs one call per partition instead of one per row. With
/// <see cref="TrainingOptions.PerRowCalls"/> each member grain solves its own row instead.
/// Either way the block is written durably, and rerunning a request recomputes the same block, which
/// is how a half-sweep survives a lost silo. Workers are placed by hash of their key, so the partitions
/// spread over the silos instead of gathering where the orchestrator runs.
/// </summary>
[HashBasedPlacement]
public sealed class SweepWorkerGrain(SnapshotCache snapshots, ComputeGate compute) : Grain, ISweepWorkerGrain
{
    private const int PopularPerBlock = 100;
    private BlockData? _data;
    private (string Side, int Start, ImmutableArray<CatalogEntry> Ids)? _members;

    public async Task<SweepResult> Run(SweepRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var k = request.Options.Factors;
        var first = request.Block * SnapshotKeys.BlockRows;
        var start = await StartRowsAsync(request, first);
        var outcome = request.Options.PerRowCalls
            ? await SolveRowByRowAsync(request, first, start, cancellationToken)
            : await SolveBlockAsync(request, first, start, cancellationToken);

        await GrainFactory.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(request.Model, request.RunId, request.Side, request.OutputVersion, request.Block))
            .Write(FactorBlock.FromFloats(first, request.Rows, k, outcome.Rows));

        var norm = 0.0;
        foreach (var v in outcome.Rows)
        {
            norm += (double)v * v;
        }

        var popular = Enumerable.Range(0, request.Rows).OrderByDescending(r => outcome.Observations[r]).ThenBy(r => r).Take(PopularPerBlock).ToArray();
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
        };
    }

    private async Task<Outcome> SolveBlockAsync(SweepRequest request, int first, float[] start, CancellationToken cancellationToken)
    {
        var data = await BlockDataAsync(request, first, cancellationToken);
        var o = request.Options.ToAls();
        var fixedSide = request.Side == CatalogKind.Users ? CatalogKind.Artists : CatalogKind.Users;
        var snapshot = await snapshots.GetAsync(new SnapshotId(request.Model, request.RunId, fixedSide, request.FixedVersion, request.FixedRows, o.Factors, o.Seed, o.InitScale), o.Regularization);

        // The solve runs on the thread pool across the silo's cores, one block at a time per silo;
        // its rows come back through this grain.
        var (rows, loss) = await compute.RunAsync(
            () =>
            {
                var target = new FactorMatrix(request.Rows, o.Factors);
                for (var r = 0; r < request.Rows; r++)
                {
                    start.AsSpan(r * o.Factors, o.Factors).CopyTo(target.Row(r));
                }

                HalfSweep.Run(target, snapshot.Factors, data.Excess, snapshot.Gramian, o.Solver, o.CgSteps, Environment.ProcessorCount, cancellationToken);
                var lossSum = request.ComputeLoss ? Loss.RowTerms(target, snapshot.Factors, data.Excess, snapshot.Gramian, Environment.ProcessorCount) : 0.0;

                var compact = new float[request.Rows * o.Factors];
                for (var r = 0; r < request.Rows; r++)
                {
                    target.Vector(r).CopyTo(compact.AsSpan(r * o.Factors, o.Factors));
                }

                return (compact, lossSum);
            },
            cancellationToken);

        var observations = Enumerable.Range(0, request.Rows).Select(data.Excess.RowLength).ToArray();
        return new Outcome(rows, loss, observations, 0, 0);
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
        await ForEachLaneAsync(request.Rows, request.Options.Concurrency, async r =>
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

        _data = new BlockData(request.RunId, request.Side, first, new CsrMatrix(request.Rows, request.FixedRows, starts, columns, values), clock.Elapsed, request.Rows, 0);
        return _data;
    }

    private async Task<Outcome> SolveRowByRowAsync(SweepRequest request, int first, float[] start, CancellationToken cancellationToken)
    {
        var k = request.Options.Factors;
        var ids = await MembersAsync(request.Side, first, request.Rows);
        var rows = new float[request.Rows * k];
        var losses = new double[request.Rows];
        var observations = new int[request.Rows];
        var cross = 0;
        await ForEachLaneAsync(request.Rows, request.Options.Concurrency, async row =>
        {
            var solve = new SolveRequest
            {
                Model = request.Model,
                RunId = request.RunId,
                FixedVersion = request.FixedVersion,
                FixedRows = request.FixedRows,
                Options = request.Options,
                Start = start.AsSpan(row * k, k).ToArray(),
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

        return new Outcome(rows, loss, observations, request.Rows, cross);
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 on a bounded number of lanes, each working through its rows in turn.</summary>
    private static Task ForEachLaneAsync(int count, int concurrency, Func<int, Task> body, CancellationToken cancellationToken)
    {
        var lanes = Math.Max(1, Math.Min(concurrency, count));
        return Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            for (var i = lane; i < count; i += lanes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(i);
            }
        }));
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
    private async Task<float[]> StartRowsAsync(SweepRequest request, int first)
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

            return init;
        }

        var block = await GrainFactory.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(request.Model, request.RunId, request.Side, request.PreviousVersion, request.Block)).Read()
            ?? throw new InvalidOperationException($"Snapshot block {request.Side} v{request.PreviousVersion} #{request.Block} of run {request.RunId} is missing.");
        return block.Floats.ToArray();
    }

    private sealed record Outcome(float[] Rows, double Loss, int[] Observations, int Calls, int CrossSiloCalls);
}
