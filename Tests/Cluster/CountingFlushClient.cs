using MusicRecs.Grains.Ingest;

namespace MusicRecs.Tests.Cluster;

/// <summary>Counts the cluster-wide flushes and, when given a gate, holds each until the gate opens.</summary>
internal sealed class CountingFlushClient(ListenerFlushClient inner, Action counted, Task? gate = null) : IListenerFlushClient
{
    public async Task<(int Silos, long Changes)> FlushAllAsync()
    {
        if (gate is not null)
        {
            await gate;
        }

        var result = await inner.FlushAllAsync();
        counted();
        return result;
    }
}
