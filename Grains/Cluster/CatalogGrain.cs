using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Storage;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Hands out dense indexes once: a registration is persisted before its indexes are returned, so an
/// index a caller has seen is never given to another id. A failed write puts the grain back to what
/// storage holds (<see cref="StateWrites.WriteOrReloadAsync"/>) before the caller sees the error, so the
/// indexes it had just assigned in memory are neither answered later nor kept when they were not stored.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Catalog)] IPersistentState<CatalogState> state,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RebuildIndex();
        return Task.CompletedTask;
    }

    private void RebuildIndex()
    {
        _index.Clear();
        var ids = state.State.Ids;
        for (var i = 0; i < ids.Count; i++)
        {
            _index[ids[i]] = i;
        }
    }

    public async Task<ImmutableArray<int>> Register(ImmutableArray<CatalogEntry> entries)
    {
        // Every entry is checked before any is registered: a bad one must not leave the others in memory unstored.
        for (var k = 0; k < entries.Length; k++)
        {
            if (string.IsNullOrEmpty(entries[k].Id))
            {
                throw new ArgumentException($"Catalog '{this.GetPrimaryKeyString()}': entry {k} has an empty id, which cannot be registered; nothing was registered.", nameof(entries));
            }
        }

        var result = ImmutableArray.CreateBuilder<int>(entries.Length);
        var added = 0;
        var named = 0;
        foreach (var e in entries)
        {
            if (!_index.TryGetValue(e.Id, out var i))
            {
                i = state.State.Ids.Count;
                _index[e.Id] = i;
                state.State.Ids.Add(e.Id);
                state.State.Names.Add(e.Name);
                added++;
            }
            else if (e.Name is not null && state.State.Names[i] is null)
            {
                state.State.Names[i] = e.Name;
                named++;
            }

            result.Add(i);
        }

        if (added + named > 0)
        {
            await StateWrites.WriteOrReloadAsync(state, this, logger, $"registration of {added} ids and {named} names", RebuildIndex);
        }

        return result.MoveToImmutable();
    }

    public Task<ImmutableArray<int>> Lookup(ImmutableArray<string> ids) =>
        Task.FromResult(ids.Select(id => _index.TryGetValue(id, out var i) ? i : -1).ToImmutableArray());

    public Task<int> Count() => Task.FromResult(state.State.Ids.Count);

    public Task<ImmutableArray<CatalogEntry>> GetRange(int start, int count)
    {
        var ids = state.State.Ids;
        start = Math.Clamp(start, 0, ids.Count);
        var end = (int)Math.Min(ids.Count, (long)start + Math.Max(0, count));
        var builder = ImmutableArray.CreateBuilder<CatalogEntry>(end - start);
        for (var i = start; i < end; i++)
        {
            builder.Add(new CatalogEntry(ids[i], state.State.Names[i]));
        }

        return Task.FromResult(builder.MoveToImmutable());
    }
}
