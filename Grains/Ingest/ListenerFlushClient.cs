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
    private const int Attempts = 5;

    public async Task<(int Silos, long Changes)> FlushAllAsync()
    {
        long sent = 0;
        for (var attempt = 1; ; attempt++)
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            var results = await Task.WhenAll(hosts.Keys.Select(silo => GetGrainService(silo).Flush()));
            sent += results.Sum(r => (long)r.Sent);
            var undelivered = results.Sum(r => (long)r.Undelivered);
            if (undelivered == 0)
            {
                return (hosts.Count, sent);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"{undelivered} listener changes could not reach their artists after {Attempts} flushes of {hosts.Count} silos; they stay in the silos' buffers and the users' outboxes (see the silo logs for the failing artist calls).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
    }
}
