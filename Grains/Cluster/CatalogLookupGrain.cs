using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Id -> index for the ids of one hash partition of a catalog. Writes are idempotent; an id is never given a
/// second index: a write that would is refused.
/// </summary>
public sealed class CatalogLookupGrain(
    [PersistentState("lookup", StorageNames.Catalog)] IPersistentState<CatalogLookupState> state,
    ILogger<CatalogLookupGrain> logger) : Grain, ICatalogLookupGrain
{
    private readonly StateReload _reload = new();

    public async Task<ImmutableArray<int>> Find(ImmutableArray<string> ids)
    {
        await _reload.EnsureAsync(state);
        var indexes = state.State.Indexes;
        return [.. ids.Select(id => indexes.TryGetValue(id, out var i) ? i : -1)];
    }

    public async Task Store(ImmutableArray<CatalogSlot> slots)
    {
        await _reload.EnsureAsync(state);
        var indexes = state.State.Indexes;
        foreach (var slot in slots)
        {
            if (indexes.TryGetValue(slot.Id, out var i) && i != slot.Index)
            {
                throw new InvalidOperationException($"Catalog lookup '{this.GetPrimaryKeyString()}': '{slot.Id}' has index {i}, a write gives it {slot.Index}; nothing was stored.");
            }
        }

        var added = 0;
        foreach (var slot in slots)
        {
            if (indexes.TryAdd(slot.Id, slot.Index))
            {
                added++;
            }
        }

        if (added > 0)
        {
            await _reload.WriteAsync(() => StateWrites.WriteOrReloadAsync(state, this, logger, $"{added} catalog ids"));
        }
    }
}
