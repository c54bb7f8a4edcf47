using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Check;

/// <summary>
/// The ids of one catalog in index order, as its grain lists them, and the count it reports: fewer ids than the
/// count is a gap.
/// </summary>
internal sealed record CatalogIds(string Kind, int Count, IReadOnlyList<string> Ids)
{
    /// <summary>Entries fetched per call.</summary>
    public const int Chunk = 4096;

    public static async Task<CatalogIds> ReadAsync(ICatalogGrain catalog, string kind, CancellationToken cancellationToken)
    {
        var count = await catalog.Count();
        var ids = new List<string>(count);
        while (ids.Count < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var range = await catalog.GetRange(ids.Count, Math.Min(Chunk, count - ids.Count));
            if (range.IsEmpty)
            {
                break;
            }

            ids.AddRange(range.Select(e => e.Id));
        }

        return new CatalogIds(kind, count, ids);
    }

    /// <summary>The id at an index, or <c>#index</c> for one the catalog does not list.</summary>
    public string Name(int index) => index >= 0 && index < Ids.Count ? Ids[index] : $"#{index}";
}
