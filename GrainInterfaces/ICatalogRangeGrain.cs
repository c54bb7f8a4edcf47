namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One range partition of a catalog (key "{kind}/{p}"): the ids and names of indexes [p * rows, (p + 1) * rows),
/// written only by the catalog's head grain (<see cref="ICatalogGrain"/>), in index order.
/// </summary>
[Alias("MusicRecs.ICatalogRangeGrain")]
public interface ICatalogRangeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the rows (indexes ascending, inside this partition, continuing or repeating what it holds):
    /// a row already stored must name the same id (its missing name is filled in), so a repeated write changes nothing.
    /// </summary>
    /// <param name="first">The partition's first index (partition number times rows per partition).</param>
    [Alias("Store")]
    Task Store(int first, ImmutableArray<CatalogSlot> slots);

    /// <summary>Ids and names of indexes [start, start + count), clipped to what this partition holds.</summary>
    [Alias("Read")]
    Task<ImmutableArray<CatalogEntry>> Read(int start, int count);
}
