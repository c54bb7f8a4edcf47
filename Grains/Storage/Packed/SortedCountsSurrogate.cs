using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// How a <see cref="SortedCounts"/> is serialized: <see cref="Packed"/> (see <see cref="SortedCountsConverter"/>).
/// Fields 0-2 are the arrays as they were stored before the packed form; they are read when present and never written.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.SortedCounts.Stored")]
public struct SortedCountsSurrogate
{
    [Id(0)] public int[]? Indexes;

    [Id(1)] public float[]? Counts;

    [Id(2)] public long[]? Latest;

    [Id(3)] public byte[]? Packed;
}
