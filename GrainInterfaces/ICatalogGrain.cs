using Orleans.Concurrency;

namespace MusicRecs.GrainInterfaces;

/// <summary>
/// The head of one catalog (key "users" or "artists"): assigns each external id the next dense index, once,
/// durably, and answers lookups and index ranges from the catalog's lookup and range partitions
/// (<see cref="ICatalogLookupGrain"/>, <see cref="ICatalogRangeGrain"/>), which hold the ids.
/// </summary>
[Alias("MusicRecs.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Indexes of the entries, registering the unknown ones (in order). Names fill in missing names.</summary>
    [Alias("Register")]
    Task<ImmutableArray<int>> Register(ImmutableArray<CatalogEntry> entries);

    /// <summary>Indexes of the ids, -1 for an unknown id. Asks the lookup partitions; does not wait for registrations.</summary>
    [Alias("Lookup"), AlwaysInterleave]
    Task<ImmutableArray<int>> Lookup(ImmutableArray<string> ids);

    /// <summary>Ids registered (indexes 0 .. Count - 1), after any registration in progress.</summary>
    [Alias("Count")]
    Task<int> Count();

    /// <summary>Ids and names of indexes [start, start + count), clipped to what exists. Reads only the range partitions covering it.</summary>
    [Alias("GetRange"), AlwaysInterleave]
    Task<ImmutableArray<CatalogEntry>> GetRange(int start, int count);
}
