using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// The head of a catalog: holds the count and serialises new registrations; the ids live in range and lookup
/// partitions (<see cref="CatalogLayout"/>). A registration stores its new rows here first (the last batch, with
/// the count), then writes them to the partitions: two rounds of writes, the partitions' in parallel. The batch
/// stays stored here until the next one replaces it, and an activation writes it to the partitions again
/// (idempotently) before anything else, so an index once stored here is never given to another id and never left
/// without its id in the partitions. A failed write puts the head back to what storage holds
/// (<see cref="StateWrites.WriteOrReloadAsync"/>) before the caller sees the error.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Catalog)] IPersistentState<CatalogState> state,
    IOptions<TrainingRuntimeOptions> options,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly StateReload _reload = new();

    /// <summary>Whether this activation has written the stored batch to the partitions.</summary>
    private bool _batchInPartitions;

    private string Kind => this.GetPrimaryKeyString();

    /// <summary>The layout stored with the catalog, or the configured one for a catalog not yet holding a row.</summary>
    private CatalogLayout Layout => state.State.PartitionRows > 0
        ? new CatalogLayout(Kind, state.State.PartitionRows, state.State.LookupPartitions)
        : new CatalogLayout(Kind, options.Value.CatalogPartitionRows, options.Value.CatalogLookupPartitions);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Ids.Count > 0)
        {
            await MigrateAsync();
        }

        await FinishPendingAsync();
    }

    /// <summary>
    /// Moves a catalog stored before partitioning (every id in this state) into partitions: rows are written
    /// (idempotently, in chunks of a partition) before the state drops them, so a failure part-way repeats the move.
    /// </summary>
    private async Task MigrateAsync()
    {
        var layout = Layout;
        var s = state.State;
        logger.LogInformation("Catalog '{Kind}': moving {Count} ids into range partitions of {Rows} rows and {Lookups} lookup partitions", Kind, s.Ids.Count, layout.PartitionRows, layout.LookupPartitions);
        for (var first = 0; first < s.Ids.Count; first += layout.PartitionRows)
        {
            var n = Math.Min(layout.PartitionRows, s.Ids.Count - first);
            await layout.StoreAsync(GrainFactory, [.. Enumerable.Range(first, n).Select(i => new CatalogSlot(i, s.Ids[i], s.Names.Count > i ? s.Names[i] : null))]);
        }

        s.Count = s.Ids.Count;
        s.PartitionRows = layout.PartitionRows;
        s.LookupPartitions = layout.LookupPartitions;
        s.Ids = [];
        s.Names = [];
        await _reload.WriteAsync(() => StateWrites.WriteOrReloadAsync(state, this, logger, $"move of {s.Count} ids into partitions"));
    }

    /// <summary>
    /// Writes the stored batch to the partitions unless this activation already did (again, if an earlier activation
    /// did: the writes are idempotent). Kept stored afterwards: clearing it would cost a third round of writes.
    /// </summary>
    private async Task FinishPendingAsync()
    {
        await _reload.EnsureAsync(state, () => _batchInPartitions = false);
        var pending = state.State.Pending;
        if (pending.Count == 0 || _batchInPartitions)
        {
            return;
        }

        await Layout.StoreAsync(GrainFactory, pending);
        _batchInPartitions = true;
    }

    public async Task<ImmutableArray<int>> Register(ImmutableArray<CatalogEntry> entries)
    {
        // Every entry is checked before any is registered: a bad one must not leave the others in memory unstored.
        for (var k = 0; k < entries.Length; k++)
        {
            if (string.IsNullOrEmpty(entries[k].Id))
            {
                throw new ArgumentException($"Catalog '{Kind}': entry {k} has an empty id, which cannot be registered; nothing was registered.", nameof(entries));
            }
        }

        await FinishPendingAsync();
        var layout = Layout;
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            // An id's first name in the batch is the one it gets (as a later one only fills in a missing name).
            if (!names.TryGetValue(e.Id, out var name) || name is null)
            {
                names[e.Id] = e.Name;
            }
        }

        var ids = names.Keys.ToArray();
        var found = await layout.FindAsync(GrainFactory, ids);
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var fresh = new List<CatalogSlot>();
        var named = new List<CatalogSlot>();
        for (var k = 0; k < ids.Length; k++)
        {
            index[ids[k]] = found[k] >= 0 ? found[k] : state.State.Count + fresh.Count;
            var slot = new CatalogSlot(index[ids[k]], ids[k], names[ids[k]]);
            if (found[k] < 0)
            {
                fresh.Add(slot);
            }
            else if (slot.Name is not null)
            {
                named.Add(slot);
            }
        }

        if (fresh.Count > 0)
        {
            var s = state.State;
            s.Pending = fresh;
            s.Count += fresh.Count;
            (s.PartitionRows, s.LookupPartitions) = (layout.PartitionRows, layout.LookupPartitions);
            _batchInPartitions = false;
            await _reload.WriteAsync(() => StateWrites.WriteOrReloadAsync(state, this, logger, $"batch of {fresh.Count} new ids from index {fresh[0].Index}"));
            await FinishPendingAsync();
        }

        // Names given for ids registered before fill in their missing names (the range partitions keep names they have).
        if (named.Count > 0)
        {
            await layout.StoreRangesAsync(GrainFactory, [.. named.OrderBy(n => n.Index)]);
        }

        return [.. entries.Select(e => index[e.Id])];
    }

    public async Task<ImmutableArray<int>> Lookup(ImmutableArray<string> ids) =>
        [.. await Layout.FindAsync(GrainFactory, ids)];

    public async Task<int> Count()
    {
        await FinishPendingAsync();
        return state.State.Count;
    }

    /// <summary>Clipped to the indexes assigned first, so a count past the end activates no partition beyond it.</summary>
    public Task<ImmutableArray<CatalogEntry>> GetRange(int start, int count)
    {
        start = Math.Max(0, start);
        var end = Math.Min((long)start + Math.Max(0, count), state.State.Count);
        return Layout.ReadAsync(GrainFactory, start, (int)Math.Max(0, end - start));
    }
}
