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

    /// <summary>
    /// Row <paramref name="index"/> of the snapshot (its dense index, which must fall in this block): k floats,
    /// without the rest of the block. What a user grain reads for its own trained factor.
    /// </summary>
    [Alias("ReadRow")]
    Task<float[]> ReadRow(int index);

    [Alias("Clear")]
    Task Clear();
}
