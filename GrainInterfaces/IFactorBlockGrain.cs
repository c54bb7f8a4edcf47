namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One durable block of a factor snapshot; key "{model}/{run}/{side}/{version}/{block}"
/// (see <see cref="SnapshotKeys"/>).
/// </summary>
[Alias("MusicRecs.IFactorBlockGrain")]
public interface IFactorBlockGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task Write(FactorBlock block);

    [Alias("Read")]
    Task<FactorBlock?> Read();

    [Alias("Clear")]
    Task Clear();
}
