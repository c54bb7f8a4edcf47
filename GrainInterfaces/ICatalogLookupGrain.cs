namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One lookup partition of a catalog (key "{kind}/{h}"): the index of every id whose hash falls in it,
/// written only by the catalog's head grain (<see cref="ICatalogGrain"/>).
/// </summary>
[Alias("MusicRecs.ICatalogLookupGrain")]
public interface ICatalogLookupGrain : IGrainWithStringKey
{
    /// <summary>Indexes of the ids, -1 for an id this partition does not hold.</summary>
    [Alias("Find")]
    Task<ImmutableArray<int>> Find(ImmutableArray<string> ids);

    /// <summary>Stores id -> index for the rows; an id already stored must have the same index, so a repeated write changes nothing.</summary>
    [Alias("Store")]
    Task Store(ImmutableArray<CatalogSlot> slots);
}
