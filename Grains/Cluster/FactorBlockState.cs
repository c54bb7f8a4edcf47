using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

[GenerateSerializer, Alias("MusicRecs.FactorBlockState")]
public sealed class FactorBlockState
{
    [Id(0)] public FactorBlock? Block { get; set; }
}
