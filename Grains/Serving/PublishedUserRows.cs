using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// The published user factors a live artist refresh needs, without a silo-wide copy of X: the Gramian
/// X^T X + lambda I that training stored beside the published user snapshot (one read per version), and the
/// listeners' rows, read from the snapshot's blocks (one <see cref="IFactorBlockGrain.ReadRows"/> call per block
/// holding a row not cached) and kept in a cache of at most Live:RefreshRowCacheRows rows, emptied when full.
/// </summary>
public sealed class PublishedUserRows(IGrainFactory grains, SnapshotCache snapshots, IOptions<LiveOptions> options, ILogger<PublishedUserRows> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _models = new(StringComparer.Ordinal);

    /// <summary>Rows held by the cache (all models).</summary>
    public long CachedRows => _models.Values.Sum(e => (long)e.Rows.Count);

    /// <summary>X^T X + lambda I of the published user snapshot, in the padded layout the row solvers take.</summary>
    public Task<float[]> GramianAsync(PublishedModel published) => EntryOf(published).Gramian.Value;

    /// <summary>
    /// The published rows (k floats each) of <paramref name="users"/>, in order; null for an index past the published
    /// users (a user registered after training). Rows are shared and never changed: callers copy them.
    /// </summary>
    public async Task<float[]?[]> RowsAsync(PublishedModel published, IReadOnlyList<int> users)
    {
        var entry = EntryOf(published);
        var result = new float[]?[users.Count];
        var missing = new SortedSet<int>();
        for (var t = 0; t < users.Count; t++)
        {
            var u = users[t];
            if (u >= 0 && u < published.Users && !entry.Rows.TryGetValue(u, out result[t]))
            {
                missing.Add(u);
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        var k = published.Options.Factors;
        var fetched = new ConcurrentDictionary<int, float[]>();
        await Task.WhenAll(missing.GroupBy(u => u / SnapshotKeys.BlockRows).Select(async block =>
        {
            var asked = block.ToImmutableArray();
            var key = SnapshotKeys.Block(published.Model, published.RunId, CatalogKind.Users, published.UserSnapshot, block.Key);
            var rows = await grains.GetGrain<IFactorBlockGrain>(key).ReadRows(asked);
            if (rows.Factors != k || rows.Floats.Length != rows.Rows * k || (rows.FirstRow < 0 && rows.Rows != asked.Length))
            {
                throw new InvalidOperationException($"Block {key} answered {rows.Rows} rows of {rows.Factors} factors from {rows.FirstRow}; {asked.Length} rows of {k} were asked.");
            }

            for (var j = 0; j < asked.Length; j++)
            {
                fetched[asked[j]] = rows.Row(asked[j], j).ToArray();
            }
        }));

        if (entry.Rows.Count + fetched.Count > options.Value.RefreshRowCacheRows)
        {
            entry.Rows.Clear();
        }

        foreach (var (u, row) in fetched)
        {
            entry.Rows.TryAdd(u, row);
        }

        for (var t = 0; t < users.Count; t++)
        {
            if (result[t] is null && fetched.TryGetValue(users[t], out var row))
            {
                result[t] = row;
            }
        }

        return result;
    }

    private Entry EntryOf(PublishedModel published)
    {
        var entry = _models.GetOrAdd(published.Model, _ => NewEntry(published));
        if (entry.Gramian is { IsValueCreated: true, Value.IsFaulted: true })
        {
            // A failed read is not kept: the next refresh reads again.
            _models.TryUpdate(published.Model, NewEntry(published), entry);
            entry = _models[published.Model];
        }

        if (entry.Version != published.Version)
        {
            var fresh = NewEntry(published);
            entry = _models.AddOrUpdate(published.Model, fresh, (_, old) => old.Version >= published.Version ? old : fresh);
        }

        return entry;
    }

    private Entry NewEntry(PublishedModel published) =>
        new(published.Version, new Lazy<Task<float[]>>(() => LoadGramianAsync(published)), new ConcurrentDictionary<int, float[]>());

    private async Task<float[]> LoadGramianAsync(PublishedModel published)
    {
        var key = SnapshotKeys.Gramian(published.Model, published.RunId, CatalogKind.Users, published.UserSnapshot);
        var stride = FactorMatrix.PaddedStride(published.Options.Factors);
        if (await grains.GetGrain<IFactorBlockGrain>(key).Read() is { } stored && stored.Floats.Length == stride * stride)
        {
            return stored.Floats.ToArray();
        }

        // A model published before the Gramian was stored with its user snapshot: computed once from the snapshot.
        logger.LogWarning("Model '{Model}' v{Version}: no stored Gramian of the user snapshot ({Key}); computing it from the snapshot", published.Model, published.Version, key);
        return (await snapshots.GetAsync(PublishedModelCache.UserSnapshot(published), published.Options.Regularization)).Gramian;
    }

    private sealed record Entry(int Version, Lazy<Task<float[]>> Gramian, ConcurrentDictionary<int, float[]> Rows);
}
