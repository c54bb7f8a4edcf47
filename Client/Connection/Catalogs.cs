using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Connection;

/// <summary>External ids to dense indexes and back, through the catalog grains.</summary>
internal static class Catalogs
{
    /// <summary>Widest index range fetched in one call when naming scattered indexes.</summary>
    private const int MaxRange = 1024;

    /// <summary>The dense index of a known id; an unknown one is bad input (<see cref="UnknownIdException"/>).</summary>
    public static async Task<int> ResolveAsync(ICatalogGrain catalog, string kind, string id)
    {
        var found = await catalog.Lookup([id]);
        if (found.Length != 1 || found[0] < 0)
        {
            throw new UnknownIdException(kind, id);
        }

        return found[0];
    }

    /// <summary>Ids and names of the given indexes, fetched as a few contiguous ranges.</summary>
    public static async Task<Dictionary<int, CatalogEntry>> EntriesAsync(ICatalogGrain catalog, IEnumerable<int> indexes)
    {
        var sorted = indexes.Where(i => i >= 0).Distinct().Order().ToArray();
        var ranges = new List<(int Start, int Count)>();
        var t = 0;
        while (t < sorted.Length)
        {
            var start = sorted[t];
            var end = t;
            while (end + 1 < sorted.Length && sorted[end + 1] - start < MaxRange)
            {
                end++;
            }

            ranges.Add((start, sorted[end] - start + 1));
            t = end + 1;
        }

        var fetched = await Task.WhenAll(ranges.Select(async r => (r.Start, Entries: await catalog.GetRange(r.Start, r.Count))));
        var wanted = sorted.ToHashSet();
        var result = new Dictionary<int, CatalogEntry>(sorted.Length);
        foreach (var (start, entries) in fetched)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                if (wanted.Contains(start + i))
                {
                    result[start + i] = entries[i];
                }
            }
        }

        return result;
    }

    /// <summary>An artist's index and display name; an id the catalog does not know is an <see cref="UnknownIdException"/>.</summary>
    public static async Task<(int Index, string Name)> ResolveArtistAsync(ICatalogGrain artists, string id)
    {
        var index = await ResolveAsync(artists, "artist", id);
        var entries = await EntriesAsync(artists, [index]);
        return (index, DisplayName(entries.GetValueOrDefault(index), index));
    }

    public static string DisplayName(CatalogEntry? entry, int index) =>
        entry is null ? $"#{index}" : string.IsNullOrEmpty(entry.Name) ? entry.Id : entry.Name;

    /// <summary>The user's most played artists (up to <paramref name="limit"/>), with ids and names from the catalog.</summary>
    public static async Task<List<NamedPlay>> NamedPlaysAsync(ClusterConnection connection, UserHistory history, int limit)
    {
        var top = history.Plays.OrderByDescending(p => p.Count).ThenBy(p => p.Artist).Take(limit).ToArray();
        var entries = await EntriesAsync(connection.Artists, top.Select(p => p.Artist));
        return [.. top.Select(p =>
        {
            var entry = entries.GetValueOrDefault(p.Artist);
            return new NamedPlay(entry?.Id ?? $"#{p.Artist}", DisplayName(entry, p.Artist), p.Count, p.LastPlayed);
        })];
    }
}
