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
    /// <summary>
    /// Snapshots kept per side: the one a half-sweep of the running training reads and the published one
    /// (artists for serving, users for live artist refreshes), so neither evicts the other while a run trains.
    /// Six entries of either side used to keep three user snapshots after a run (about 51 MB each at
    /// 200,000 users and k = 64); serving itself never loads the user side (a user grain reads its own row).
    /// </summary>
    private const int CapacityPerSide = 2;

    private readonly ConcurrentDictionary<(SnapshotId Id, float Lambda), Lazy<Task<FactorSnapshot>>> _entries = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(SnapshotId, float)>> _order = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _loads = new(StringComparer.Ordinal);

    public int Loads { get; private set; }

    /// <summary>Factor rows this silo's grains hold outside the cache (blocks, user rows), for reporting.</summary>
    public HeldFactorBytes Held { get; } = new();

    /// <summary>How often a snapshot of <paramref name="side"/> was asked for (served from the cache or loaded).</summary>
    public long RequestsOf(string side) => _requests.GetValueOrDefault(side);

    /// <summary>How often a snapshot of <paramref name="side"/> was loaded into this silo.</summary>
    public long LoadsOf(string side) => _loads.GetValueOrDefault(side);

    /// <summary>Bytes of the factor rows and Gramians of the snapshots loaded and still held (completed loads only, so reading their result never waits).</summary>
    public long Bytes => _entries.Values.Sum(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully ? e.Value.Result.Bytes : 0);

    public Task<FactorSnapshot> GetAsync(SnapshotId id, float lambda)
    {
        ArgumentNullException.ThrowIfNull(id);
        _requests.AddOrUpdate(id.Side, 1, (_, n) => n + 1);
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
        _loads.AddOrUpdate(id.Side, 1, (_, n) => n + 1);
        Remember(id, lambda);
        logger.LogDebug("Loaded snapshot {Model}/{Run}/{Side} v{Version}: {Rows} rows", id.Model, id.RunId, id.Side, id.Version, id.Rows);
        return new FactorSnapshot(factors, gramian, lambda, loaded);
    }

    private void Remember(SnapshotId id, float lambda)
    {
        var order = _order.GetOrAdd(id.Side, _ => new ConcurrentQueue<(SnapshotId, float)>());
        order.Enqueue((id, lambda));
        while (order.Count > CapacityPerSide && order.TryDequeue(out var old))
        {
            _entries.TryRemove(old, out _);
        }
    }
}
