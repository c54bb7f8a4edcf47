using MusicRecs.GrainInterfaces;
using Orleans.Services;

namespace MusicRecs.Grains.Snapshots;

/// <summary>Asks the <see cref="IFactorMemoryService"/> of every active silo for its factor bytes.</summary>
public interface IFactorMemoryClient : IGrainServiceClient<IFactorMemoryService>
{
    Task<ImmutableArray<SiloFactorMemory>> ReportAllAsync();

    /// <summary>Tells every active silo that a training run has ended (see <see cref="IFactorMemoryService.TrainingEnded"/>).</summary>
    Task TrainingEndedAllAsync();
}
