using System.Diagnostics;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// One partition of a half-sweep: asks each member grain to solve its row (bounded concurrency),
/// gathers the rows into the next snapshot block and writes it durably. Idempotent: rerunning the same
/// request recomputes the same block from durable inputs, which is how a half-sweep survives a lost silo.
/// </summary>
public sealed class SweepWorkerGrain : Grain, ISweepWorkerGrain
{
    private const int PopularPerBlock = 100;
    private (string Side, int Start, ImmutableArray<CatalogEntry> Ids)? _members;

    public async Task<SweepResult> Run(SweepRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var k = request.Options.Factors;
        var first = request.Block * SnapshotKeys.BlockRows;
        var ids = await MembersAsync(request.Side, first, request.Rows);
        var start = await StartRowsAsync(request, first);
        var rows = new float[request.Rows * k];
        var losses = new double[request.Rows];
        var observations = new int[request.Rows];
        var cross = 0;
        var inFlight = new List<Task>(request.Options.Concurrency);
        for (var r = 0; r < request.Rows; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (inFlight.Count >= request.Options.Concurrency)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }

            var row = r;
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
            inFlight.Add(SolveOneAsync(request.Side, ids[row].Id, solve, cancellationToken).ContinueWith(
                t =>
                {
                    var result = t.Result;
                    result.Factor.CopyTo(rows, row * k);
                    losses[row] = result.LossTerm;
                    observations[row] = result.Observations;
                    if (result.Silo != RuntimeIdentity)
                    {
                        cross++;
                    }
                },
                cancellationToken,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Current));
        }

        await Task.WhenAll(inFlight);
        await GrainFactory.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(request.Model, request.RunId, request.Side, request.OutputVersion, request.Block))
            .Write(new FactorBlock(first, request.Rows, k, rows));

        var loss = 0.0;
        foreach (var l in losses)
        {
            loss += l;
        }

        var norm = 0.0;
        foreach (var v in rows)
        {
            norm += (double)v * v;
        }

        var popular = Enumerable.Range(0, request.Rows).OrderByDescending(r => observations[r]).ThenBy(r => r).Take(PopularPerBlock).ToArray();
        return new SweepResult
        {
            Rows = request.Rows,
            LossSum = loss,
            SquaredNorm = norm,
            Calls = request.Rows,
            CrossSiloCalls = cross,
            Seconds = clock.Elapsed.TotalSeconds,
            Silo = RuntimeIdentity,
            Popular = [.. popular.Select(r => first + r)],
            PopularCounts = [.. popular.Select(r => observations[r])],
        };
    }

    private Task<SolveResult> SolveOneAsync(string side, string id, SolveRequest request, CancellationToken cancellationToken) =>
        side == CatalogKind.Users
            ? GrainFactory.GetGrain<IUserGrain>(id).Solve(request, cancellationToken)
            : GrainFactory.GetGrain<IArtistGrain>(id).Solve(request, cancellationToken);

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
        return block.Data;
    }
}
