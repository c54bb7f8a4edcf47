using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Hands out dense indexes once: a registration is persisted before its indexes are returned, so an
/// index a caller has seen is never given to another id.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Catalog)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var ids = state.State.Ids;
        for (var i = 0; i < ids.Count; i++)
        {
            _index[ids[i]] = i;
        }

        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<int>> Register(ImmutableArray<CatalogEntry> entries)
    {
        var result = ImmutableArray.CreateBuilder<int>(entries.Length);
        var changed = false;
        foreach (var e in entries)
        {
            if (string.IsNullOrEmpty(e.Id))
            {
                throw new ArgumentException($"Catalog '{this.GetPrimaryKeyString()}': an empty id cannot be registered.", nameof(entries));
            }

            if (!_index.TryGetValue(e.Id, out var i))
            {
                i = state.State.Ids.Count;
                _index[e.Id] = i;
                state.State.Ids.Add(e.Id);
                state.State.Names.Add(e.Name);
                changed = true;
            }
            else if (e.Name is not null && state.State.Names[i] is null)
            {
                state.State.Names[i] = e.Name;
                changed = true;
            }

            result.Add(i);
        }

        if (changed)
        {
            await state.WriteStateAsync();
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
