namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Lets a few block solves at a time (<c>Training:ComputeSlots</c>) use all of the silo's cores. A block solve is
/// CPU-bound and already parallel across cores, so running many at once only adds context switches, cache thrash and
/// memory (each holds its fetched inputs); two fill the gaps one leaves (its fetch, its last long rows).
/// </summary>
public sealed class ComputeGate(int slots)
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, slots), Math.Max(1, slots));

    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        RunAsync(() => Task.FromResult(0), _ => work(), cancellationToken);

    /// <summary>
    /// Runs <paramref name="prepare"/> in the caller's context (a grain's: it may call grains) once the gate is
    /// taken, then <paramref name="work"/> on the thread pool: what <paramref name="prepare"/> fetched (an
    /// out-block of factor rows) is held only during its turn, so a silo holds one such input at a time.
    /// </summary>
    public async Task<T> RunAsync<TInput, T>(Func<Task<TInput>> prepare, Func<TInput, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var input = await prepare();
            return await Task.Run(() => work(input), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
