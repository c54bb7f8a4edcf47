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

    /// <summary>
    /// The rows <paramref name="rows"/> (snapshot row indexes inside this block, any order) in that order, or the whole
    /// block when they are at least half of it or when <paramref name="callerSilo"/> is this block's silo (its stored
    /// bytes, which a call within the silo passes without a copy; see <see cref="FactorRows"/>): what an artist
    /// half-sweep's partition fetches of the user factors (its out-block), instead of the whole snapshot.
    /// </summary>
    [Alias("ReadRows")]
    Task<FactorRows> ReadRows(ImmutableArray<int> rows, string? callerSilo = null);

    [Alias("Clear")]
    Task Clear();
}
