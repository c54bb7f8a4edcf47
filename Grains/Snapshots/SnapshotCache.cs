using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// The silo-local factor cache: each snapshot is loaded once per silo (one call per block, blocks in
/// parallel) and shared by every grain on the silo, so no grain fetches factors row by row.
/// Concurrent requests for the same snapshot share one load. Keeps the most recent few snapshots.
/// </summary>
public sealed class SnapshotCache(IGrainFactory grains, ILogger<SnapshotCache> logger)
{
    private const int Capacity = 6;
    private readonly ConcurrentDictionary<(SnapshotId Id, float Lambda), Lazy<Task<FactorSnapshot>>> _entries = new();
    private readonly ConcurrentQueue<(SnapshotId, float)> _order = new();

    public int Loads { get; private set; }

    public Task<FactorSnapshot> GetAsync(SnapshotId id, float lambda)
    {
        var key = (id, lambda);
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<FactorSnapshot>>(() => LoadAsync(k.Id, k.Lambda)));
        if (entry.IsValueCreated && entry.Value.IsFaulted)
        {
            // A failed load (e.g. a silo died mid-read) must not poison the cache.
            _entries.TryRemove(new KeyValuePair<(SnapshotId, float), Lazy<Task<FactorSnapshot>>>(key, entry));
            entry = _entries.GetOrAdd(key, k => new Lazy<Task<FactorSnapshot>>(() => LoadAsync(k.Id, k.Lambda)));
        }

        return entry.Value;
    }

    private async Task<FactorSnapshot> LoadAsync(SnapshotId id, float lambda)
    {
        var side = id.Side == CatalogKind.Users ? FactorInitializer.UserSide : FactorInitializer.ArtistSide;
        FactorMatrix factors;
        long loaded = 0;
        if (id.Version == 0)
        {
            factors = FactorInitializer.Create(id.Rows, id.Factors, id.Seed, side, id.InitScale);
        }
        else
        {
            factors = new FactorMatrix(id.Rows, id.Factors);
            var blocks = await Task.WhenAll(Enumerable.Range(0, id.Blocks).Select(b => grains.GetGrain<IFactorBlockGrain>(id.BlockKey(b)).Read()));
            for (var b = 0; b < blocks.Length; b++)
            {
                var block = blocks[b] ?? throw new InvalidOperationException($"Snapshot block {id.BlockKey(b)} is missing.");
                SnapshotBlocks.CopyInto(block, factors);
                loaded += block.Bytes.LongLength;
            }
        }

        var gramian = await Task.Run(() => Gramian.Compute(factors, lambda, Environment.ProcessorCount));
        Loads++;
        Remember(id, lambda);
        logger.LogDebug("Loaded snapshot {Model}/{Run}/{Side} v{Version}: {Rows} rows", id.Model, id.RunId, id.Side, id.Version, id.Rows);
        return new FactorSnapshot(factors, gramian, lambda, loaded);
    }

    private void Remember(SnapshotId id, float lambda)
    {
        _order.Enqueue((id, lambda));
        while (_order.Count > Capacity && _order.TryDequeue(out var old))
        {
            _entries.TryRemove(old, out _);
        }
    }
}
