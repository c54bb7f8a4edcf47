using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Ingest;

namespace MusicRecs.Grains.Cluster;

/// <summary>Housekeeping for clients: the silos' listener flush (a grain service, which clients cannot call).</summary>
public sealed class MaintenanceGrain(IListenerFlushClient listeners, ILogger<MaintenanceGrain> logger) : Grain, IMaintenanceGrain
{
    public async Task<int> FlushListeners()
    {
        var (silos, changes) = await listeners.FlushAllAsync();
        logger.LogInformation("Flushed the listener buffers of {Silos} silos on request: {Changes} listener changes sent", silos, changes);
        return silos;
    }
}
