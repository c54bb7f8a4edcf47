namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Lets one block solve at a time use all of the silo's cores. A block solve is CPU-bound and already
/// parallel across cores, so running many at once only adds context switches and cache thrash.
/// </summary>
public sealed class ComputeGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
