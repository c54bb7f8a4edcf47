namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One listener (key = external user id): owns the play counts per artist, durably, solves its own factor
/// row during training and answers queries from the published model.
/// </summary>
[Alias("MusicRecs.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Adds plays (summed into existing counts). The index comes from the users catalog.</summary>
    [Alias("AddPlays")]
    Task<int> AddPlays(int index, ImmutableArray<ArtistPlay> plays);

    [Alias("GetHistory")]
    Task<UserHistory> GetHistory();

    /// <summary>The plays as sorted dense indexes with counts: what training reads once per run.</summary>
    [Alias("GetObservations")]
    Task<Observations> GetObservations();

    [Alias("Solve")]
    Task<SolveResult> Solve(SolveRequest request, CancellationToken cancellationToken = default);

    /// <summary>Top artists with the request's exclusions and restriction.</summary>
    [Alias("RecommendWith")]
    Task<Recommendations> RecommendWith(RecommendRequest request);

    /// <summary>The played artists that contribute most to the score of an artist (dense index).</summary>
    [Alias("Explain")]
    Task<Explanation> Explain(int artist, int count);
}
