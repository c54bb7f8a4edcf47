using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Grains.Cluster;

/// <summary>Housekeeping for clients: the silos' listener flush and factor-memory reports (grain services, which clients cannot call).</summary>
public sealed class MaintenanceGrain(IListenerFlushClient listeners, IFactorMemoryClient factorMemory, ILogger<MaintenanceGrain> logger) : Grain, IMaintenanceGrain
{
    public async Task<int> FlushListeners()
    {
        var (silos, changes) = await listeners.FlushAllAsync();
        logger.LogInformation("Flushed the listener buffers of {Silos} silos on request: {Changes} listener changes sent", silos, changes);
        return silos;
    }

    public Task<ImmutableArray<SiloFactorMemory>> FactorMemory() => factorMemory.ReportAllAsync();
}
