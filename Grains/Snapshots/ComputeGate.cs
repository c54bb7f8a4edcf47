namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Lets a few block solves at a time (<c>Training:ComputeSlots</c>) use the silo's cores. A block solve is CPU-bound
/// and parallel across cores, so running many at once only adds memory (each holds its fetched inputs); two fill the
/// gaps one leaves (its fetch, its last long rows). The solves run on one scheduler of as many threads as cores, and
/// their loops' workers queue there too (<see cref="Scheduler"/>): at most a thread per core solves, the next solve
/// takes a core as soon as the one before leaves it, and the thread pool keeps threads for grain turns.
/// </summary>
public sealed class ComputeGate
{
    private readonly SemaphoreSlim _gate;

    /// <summary>A gate for <paramref name="slots"/> solves at once; raises the thread pool's floor for them (<see cref="ReserveThreads"/>).</summary>
    public ComputeGate(int slots)
    {
        slots = Math.Max(1, slots);
        _gate = new SemaphoreSlim(slots, slots);
        ReserveThreads();
    }

    /// <summary>Where solves run: at most one task per core at a time, on the thread pool's threads.</summary>
    public TaskScheduler Scheduler { get; } = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Environment.ProcessorCount).ConcurrentScheduler;

    /// <summary>
    /// Raises the thread pool's minimum to two threads per core: one for the solves, one for grain turns, messaging
    /// and storage. The pool starts at one thread per core and adds threads only slowly while its queue waits: with
    /// the solves holding every thread, a partition's write of its finished block waited up to 950 ms in a 10M run
    /// for a thread to run the storage grain's turn (1-10 ms with the floor). Returns the floor now in place.
    /// </summary>
    public static int ReserveThreads()
    {
        var wanted = 2 * Environment.ProcessorCount;
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

    /// <summary>
    /// Runs <paramref name="prepare"/> in the caller's context (a grain's: it may call grains) once the gate is
    /// taken, then <paramref name="work"/> on <see cref="Scheduler"/>: what <paramref name="prepare"/> fetched (an
    /// out-block of factor rows) is held only during its turn, so a silo holds at most one such input per slot.
    /// </summary>
    public async Task<T> RunAsync<TInput, T>(Func<Task<TInput>> prepare, Func<TInput, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var input = await prepare();
            return await Task.Factory.StartNew(() => work(input), cancellationToken, TaskCreationOptions.DenyChildAttach, Scheduler);
        }
        finally
        {
            _gate.Release();
        }
    }
}
