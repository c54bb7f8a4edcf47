namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Bytes of factor rows one silo holds: the snapshots in its cache (rows and Gramians), the factor blocks
/// active on it, and the factor rows its user grains keep (trained rows and fold-ins).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SiloFactorMemory")]
public sealed record SiloFactorMemory(
    [property: Id(0)] string Silo,
    [property: Id(1)] int SiloPort,
    [property: Id(2)] long SnapshotCacheBytes,
    [property: Id(3)] long BlockBytes,
    [property: Id(4)] long UserRowBytes)
{
    public long Total => SnapshotCacheBytes + BlockBytes + UserRowBytes;
}
