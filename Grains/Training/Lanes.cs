namespace MusicRecs.Grains.Training;

/// <summary>Bounded concurrency for a partition's calls to its member grains.</summary>
internal static class Lanes
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1 on a bounded number of lanes, each working through its rows in turn.</summary>
    public static Task ForEachAsync(int count, int concurrency, Func<int, Task> body, CancellationToken cancellationToken)
    {
        var lanes = Math.Max(1, Math.Min(concurrency, count));
        return Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            for (var i = lane; i < count; i += lanes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await body(i);
            }
        }));
    }
}
