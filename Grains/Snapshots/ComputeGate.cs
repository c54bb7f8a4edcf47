namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Lets a few block solves at a time (<c>Training:ComputeSlots</c>) use all of the silo's cores. A block solve is
/// CPU-bound and already parallel across cores, so running many at once only adds context switches, cache thrash and
/// memory (each holds its fetched inputs); two fill the gaps one leaves (its fetch, its last long rows).
/// </summary>
public sealed class ComputeGate
{
    private readonly SemaphoreSlim _gate;

    /// <summary>A gate for <paramref name="slots"/> solves at once; raises the thread pool's floor for them (<see cref="ReserveThreads"/>).</summary>
    public ComputeGate(int slots)
    {
        slots = Math.Max(1, slots);
        _gate = new SemaphoreSlim(slots, slots);
        ReserveThreads(slots);
    }

    /// <summary>
    /// Raises the thread pool's minimum to slots x cores (what the solves may hold: each is parallel over all cores)
    /// plus a thread per core for grain turns, messaging and storage. The pool starts at one thread per core and
    /// adds threads only slowly while its queue waits: with two solves holding every thread, a partition's write of
    /// its finished block waited up to 950 ms in a 10M run for a thread to run the storage grain's turn (1-10 ms
    /// with the floor). Returns the floor now in place.
    /// </summary>
    public static int ReserveThreads(int slots)
    {
        var wanted = Environment.ProcessorCount * (Math.Max(1, slots) + 1);
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers >= wanted)
        {
            return workers;
        }

        if (!ThreadPool.SetMinThreads(wanted, completionPorts))
        {
            throw new InvalidOperationException($"The thread pool refused a minimum of {wanted} worker threads.");
        }

        return wanted;
    }

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
