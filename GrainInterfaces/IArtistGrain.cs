namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One artist (key = external artist id): owns its name and listener counts, durably, solves its own
/// factor row during training and answers similar-artist queries.
/// </summary>
[Alias("MusicRecs.IArtistGrain")]
public interface IArtistGrain : IGrainWithStringKey
{
    /// <summary>Adds listener plays (summed into existing counts). The index comes from the artists catalog.</summary>
    [Alias("AddListeners")]
    Task<int> AddListeners(int index, string? name, ImmutableArray<ListenerPlay> listeners);

    [Alias("GetInfo")]
    Task<ArtistInfo> GetInfo();

    /// <summary>The listeners as sorted dense indexes with counts: what training reads once per run.</summary>
    [Alias("GetObservations")]
    Task<Observations> GetObservations();

    [Alias("Solve")]
    Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default);

    [Alias("Similar")]
    Task<SimilarArtists> Similar(int count);
}
