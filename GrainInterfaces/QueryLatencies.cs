namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Timings of one batch of queries run from inside a silo: how many, by how many concurrent callers,
/// the wall time, the per-call latency percentiles in microseconds, and how the answers came out.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.QueryLatencies")]
public sealed record QueryLatencies(
    [property: Id(0)] int Queries,
    [property: Id(1)] int Callers,
    [property: Id(2)] double Seconds,
    [property: Id(3)] double P50Us,
    [property: Id(4)] double P99Us,
    [property: Id(5)] double MeanUs,
    [property: Id(6)] double MaxUs,
    [property: Id(7)] int Failures,
    [property: Id(8)] int ModelAnswers,
    [property: Id(9)] string? FirstFailure)
{
    /// <summary>Answered queries per second of wall time.</summary>
    public double QueriesPerSecond => Seconds > 0 ? Queries / Seconds : 0;
}
