using MusicRecs.GrainInterfaces;
using Orleans.Services;

namespace MusicRecs.Grains.Snapshots;

/// <summary>One per silo: reports the bytes of factor rows that silo holds.</summary>
[Alias("MusicRecs.IFactorMemoryService")]
public interface IFactorMemoryService : IGrainService
{
    [Alias("Report")]
    Task<SiloFactorMemory> Report();

    /// <summary>A training run has ended: the silo compacts its heap at its next check (see <see cref="Hosting.HeapCompaction.Request"/>).</summary>
    [Alias("TrainingEnded")]
    Task TrainingEnded();
}
