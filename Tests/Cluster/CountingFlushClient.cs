using MusicRecs.Grains.Ingest;

namespace MusicRecs.Tests.Cluster;

/// <summary>The silo's listener flush client, counting the cluster-wide barriers asked of it.</summary>
internal sealed class CountingFlushClient(ListenerFlushClient inner, Action counted) : IListenerFlushClient
{
    public async Task<(int Silos, long Changes)> FlushAllAsync()
    {
        var result = await inner.FlushAllAsync();
        counted();
        return result;
    }
}
