namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Assigns each external id of one kind (key "users" or "artists") the next dense index, once, durably,
/// and enumerates ids by index range for the sweeps.
/// </summary>
[Alias("MusicRecs.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Indexes of the entries, registering the unknown ones (in order). Names fill in missing names.</summary>
    [Alias("Register")]
    Task<ImmutableArray<int>> Register(ImmutableArray<CatalogEntry> entries);

    /// <summary>Indexes of the ids, -1 for an unknown id.</summary>
    [Alias("Lookup")]
    Task<ImmutableArray<int>> Lookup(ImmutableArray<string> ids);

    [Alias("Count")]
    Task<int> Count();

    /// <summary>Ids and names of indexes [start, start + count), clipped to what exists.</summary>
    [Alias("GetRange")]
    Task<ImmutableArray<CatalogEntry>> GetRange(int start, int count);
}
