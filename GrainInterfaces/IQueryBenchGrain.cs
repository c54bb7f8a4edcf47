namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Times queries from inside the cluster (any key: one activation per benchmark run), so the numbers are the
/// grains' own latency without a client hop. Each method cycles through the given ids until it has made
/// <c>queries</c> calls, timing every call, and returns the percentiles; a failed call is counted, not thrown.
/// </summary>
[Alias("MusicRecs.IQueryBenchGrain")]
public interface IQueryBenchGrain : IGrainWithStringKey
{
    /// <summary>Recommend(<paramref name="count"/>) for the users in turn, with <paramref name="callers"/> calls in flight (1: sequential).</summary>
    [Alias("Recommend")]
    Task<QueryLatencies> Recommend(ImmutableArray<string> users, int count, int queries, int callers);

    /// <summary>Similar(<paramref name="count"/>) for the artists (external ids) in turn, one call at a time.</summary>
    [Alias("Similar")]
    Task<QueryLatencies> Similar(ImmutableArray<string> artists, int count, int queries);

    /// <summary>Explain(artist, <paramref name="count"/>) for the users in turn, the i-th with the i-th artist index (cycled), one call at a time.</summary>
    [Alias("Explain")]
    Task<QueryLatencies> Explain(ImmutableArray<string> users, ImmutableArray<int> artists, int count, int queries);

    /// <summary>The silo's processor count, to size the parallel callers.</summary>
    [Alias("ProcessorCount")]
    Task<int> ProcessorCount();

    /// <summary>The instruction set the silo's 8-bit scoring pass runs on (avx512, avx2 or scalar).</summary>
    [Alias("ScoringKernel")]
    Task<string> ScoringKernel();

    /// <summary>
    /// The time the silo's JIT has spent compiling since the process started, so a benchmark can wait until tiered
    /// compilation has replaced the quick first code of the hot path before it times anything.
    /// </summary>
    [Alias("JitTime")]
    Task<TimeSpan> JitTime();
}
