using Orleans.Runtime.Services;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// Reaches the <see cref="ListenerFlushService"/> of each silo the membership lists as active (the
/// management grain's view) and waits for all: a barrier across the cluster. On an idle cluster it costs
/// one call per silo.
/// </summary>
public sealed class ListenerFlushClient(IServiceProvider services, IGrainFactory grains)
    : GrainServiceClient<IListenerFlushService>(services), IListenerFlushClient
{
    public async Task<(int Silos, long Changes)> FlushAllAsync()
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var sent = await Task.WhenAll(hosts.Keys.Select(silo => GetGrainService(silo).Flush()));
        return (hosts.Count, sent.Sum(s => (long)s));
    }
}
