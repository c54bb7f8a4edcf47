using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// How an <see cref="OutboxLog"/> is serialized: <see cref="Packed"/> (see <see cref="OutboxLogConverter"/>).
/// Fields 0-2 are the arrays as they were stored before the packed form; they are read when present and never written.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.OutboxLog.Stored")]
public struct OutboxLogSurrogate
{
    [Id(0)] public long[]? Sequences;

    [Id(1)] public int[]? Artists;

    [Id(2)] public float[]? Counts;

    [Id(3)] public byte[]? Packed;
}
