using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Ids and names of one index range of a catalog. Writes are idempotent (the head repeats a batch it could not
/// confirm), and a row is never moved or given to another id: a write that would is refused.
/// </summary>
public sealed class CatalogRangeGrain(
    [PersistentState("range", StorageNames.Catalog)] IPersistentState<CatalogRangeState> state,
    ILogger<CatalogRangeGrain> logger) : Grain, ICatalogRangeGrain
{
    private readonly StateReload _reload = new();

    public async Task Store(int first, ImmutableArray<CatalogSlot> slots)
    {
        await _reload.EnsureAsync(state);
        var s = state.State;
        if (s.Ids.Count == 0)
        {
            s.First = first;
        }
        else if (s.First != first)
        {
            throw new InvalidOperationException($"Catalog range '{this.GetPrimaryKeyString()}' starts at index {s.First}, a write says {first}; nothing was stored.");
        }

        // Checked before anything changes, so a refused write leaves memory as stored.
        var end = s.First + s.Ids.Count;
        foreach (var slot in slots)
        {
            if (slot.Index < first || slot.Index > end)
            {
                throw new InvalidOperationException($"Catalog range '{this.GetPrimaryKeyString()}' holds indexes [{first}, {end}); index {slot.Index} ({slot.Id}) would leave a gap or lie outside it; nothing was stored.");
            }

            if (slot.Index < s.First + s.Ids.Count && s.Ids[slot.Index - first] != slot.Id)
            {
                throw new InvalidOperationException($"Catalog range '{this.GetPrimaryKeyString()}': index {slot.Index} holds '{s.Ids[slot.Index - first]}', a write gives it to '{slot.Id}'; nothing was stored.");
            }

            end = Math.Max(end, slot.Index + 1);
        }

        var changed = 0;
        foreach (var slot in slots)
        {
            var at = slot.Index - first;
            if (at == s.Ids.Count)
            {
                s.Ids.Add(slot.Id);
                s.Names.Add(slot.Name);
                changed++;
            }
            else if (slot.Name is not null && s.Names[at] is null)
            {
                s.Names[at] = slot.Name;
                changed++;
            }
        }

        if (changed > 0)
        {
            await _reload.WriteAsync(() => StateWrites.WriteOrReloadAsync(state, this, logger, $"{changed} catalog rows from index {slots[0].Index}"));
        }
    }

    public async Task<ImmutableArray<CatalogEntry>> Read(int start, int count)
    {
        await _reload.EnsureAsync(state);
        var s = state.State;
        var from = Math.Clamp(start - s.First, 0, s.Ids.Count);
        var to = (int)Math.Clamp((long)start + Math.Max(0, count) - s.First, from, s.Ids.Count);
        var builder = ImmutableArray.CreateBuilder<CatalogEntry>(to - from);
        for (var i = from; i < to; i++)
        {
            builder.Add(new CatalogEntry(s.Ids[i], s.Names[i]));
        }

        return builder.MoveToImmutable();
    }
}
