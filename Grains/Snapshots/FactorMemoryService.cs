using Microsoft.Extensions.Logging;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using Orleans.Concurrency;

namespace MusicRecs.Grains.Snapshots;

/// <summary>The silo's factor bytes (its <see cref="SnapshotCache"/> and what its grains hold) reachable from other silos.</summary>
[Reentrant]
public sealed class FactorMemoryService(GrainId id, Silo silo, ILoggerFactory loggerFactory, SnapshotCache snapshots)
    : GrainService(id, silo, loggerFactory), IFactorMemoryService
{
    private readonly SiloAddress _address = silo.SiloAddress;

    public Task<SiloFactorMemory> Report() =>
        Task.FromResult(new SiloFactorMemory(_address.ToParsableString(), _address.Endpoint.Port, snapshots.Bytes, snapshots.Held.Blocks, snapshots.Held.UserRows));

    public Task TrainingEnded()
    {
        HeapCompaction.Request();
        return Task.CompletedTask;
    }
}
