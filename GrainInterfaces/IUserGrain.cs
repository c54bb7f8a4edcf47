namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One listener (key = external user id): owns the play counts per artist, durably, solves its own factor
/// row during training and answers queries from the published model.
/// </summary>
[Alias("MusicRecs.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch of plays of this user (<see cref="PlayBatch.User"/> is this grain's key) exactly as a
    /// streamed batch is applied: each (producer, sequence) once, bad events rejected, counts summed, one
    /// persist, listener changes to the artists through the silo. Bulk import sends its plays here.
    /// </summary>
    [Alias("Apply")]
    Task<PlayReceipt> Apply(PlayBatch batch);

    /// <summary>
    /// Hands the listener changes this user still owes the artists (its outbox) to the silo again and
    /// forgets those the artists have persisted; returns how many are still owed. A consistency check calls
    /// it on every user, flushes the silos, and calls it again: what is then still owed is pending.
    /// </summary>
    [Alias("Settle")]
    Task<int> Settle();

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
