using MusicRecs.GrainInterfaces;
using Orleans.Runtime.Services;

namespace MusicRecs.Grains.Snapshots;

/// <summary>Reaches the <see cref="FactorMemoryService"/> of each silo the membership lists as active.</summary>
public sealed class FactorMemoryClient(IServiceProvider services, IGrainFactory grains)
    : GrainServiceClient<IFactorMemoryService>(services), IFactorMemoryClient
{
    public async Task<ImmutableArray<SiloFactorMemory>> ReportAllAsync()
    {
        var reports = await Task.WhenAll((await ActiveSilosAsync()).Select(silo => GetGrainService(silo).Report()));
        return [.. reports.OrderBy(r => r.SiloPort)];
    }

    public async Task TrainingEndedAllAsync() =>
        await Task.WhenAll((await ActiveSilosAsync()).Select(silo => GetGrainService(silo).TrainingEnded()));

    private async Task<IEnumerable<SiloAddress>> ActiveSilosAsync() =>
        (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys;
}
