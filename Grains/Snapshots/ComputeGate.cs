namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Lets one block solve at a time use all of the silo's cores. A block solve is CPU-bound and already
/// parallel across cores, so running many at once only adds context switches and cache thrash.
/// </summary>
public sealed class ComputeGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

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
