using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Serving;

/// <summary>
/// Artist ids and names by dense index, cached per silo from the artists catalog and extended when a
/// larger index is asked for, so answers carry names without a call per artist.
/// </summary>
public sealed class ArtistDirectory(IGrainFactory grains)
{
    private const int Chunk = 50_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CatalogEntry[] _entries = [];
    private Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private int _loads;

    /// <summary>The index of an artist this silo already knows, without a catalog call.</summary>
    public bool TryGetIndex(string artist, out int index) => _indexes.TryGetValue(artist, out index);

    /// <summary>The catalog name of an artist this silo already knows, else null.</summary>
    public string? NameOf(int index)
    {
        var entries = _entries;
        return index < entries.Length ? entries[index].Name : null;
    }

    /// <summary>
    /// Loads every artist registered since the last load (one catalog call per 50,000). Callers that miss
    /// together share one load: a caller that waited while another load finished does not load again.
    /// </summary>
    public async Task RefreshAsync()
    {
        var seen = Volatile.Read(ref _loads);
        await _gate.WaitAsync();
        try
        {
            if (Volatile.Read(ref _loads) == seen)
            {
                await LoadAsync(int.MaxValue);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<CatalogEntry>> GetAsync(int atLeast)
    {
        var current = _entries;
        if (current.Length >= atLeast)
        {
            return current;
        }

        await _gate.WaitAsync();
        try
        {
            if (_entries.Length < atLeast)
            {
                await LoadAsync(atLeast);
            }

            return _entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Extends the entries to at least <paramref name="atLeast"/> (or all there are); the caller holds the gate.</summary>
    private async Task LoadAsync(int atLeast)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(CatalogKind.Artists);
        var list = new List<CatalogEntry>(_entries);
        while (list.Count < atLeast)
        {
            var more = await catalog.GetRange(list.Count, Chunk);
            if (more.IsEmpty)
            {
                break;
            }

            list.AddRange(more);
        }

        var indexes = new Dictionary<string, int>(_indexes, StringComparer.Ordinal);
        for (var i = _entries.Length; i < list.Count; i++)
        {
            indexes[list[i].Id] = i;
        }

        _indexes = indexes;
        _entries = [.. list];
        Interlocked.Increment(ref _loads);
    }

    public static ScoredArtist Describe(IReadOnlyList<CatalogEntry> entries, int index, float score)
    {
        var e = entries[index];
        return new ScoredArtist(e.Id, e.Name ?? e.Id, score);
    }
}
