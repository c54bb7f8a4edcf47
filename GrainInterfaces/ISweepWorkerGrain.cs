namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Runs one partition of a half-sweep (key "{model}/{side}/{block}"): asks each member grain to solve,
/// with bounded concurrency, and gathers the rows into the next snapshot block.
/// </summary>
[Alias("MusicRecs.ISweepWorkerGrain")]
public interface ISweepWorkerGrain : IGrainWithStringKey
{
    [Alias("Run")]
    Task<SweepResult> Run(SweepRequest request, CancellationToken cancellationToken = default);
}
