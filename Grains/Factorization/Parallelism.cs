namespace MusicRecs.Grains.Factorization;

/// <summary>The options of the kernels' parallel loops.</summary>
public static class Parallelism
{
    /// <summary>
    /// At most <paramref name="threads"/> workers (at least one), queued on <paramref name="scheduler"/>: a silo passes
    /// its compute scheduler so that its solves together use a thread per core; null is the thread pool.
    /// </summary>
    public static ParallelOptions Options(int threads, TaskScheduler? scheduler = null, CancellationToken cancellationToken = default) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, threads), TaskScheduler = scheduler ?? TaskScheduler.Default, CancellationToken = cancellationToken };
}
