using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// How an <see cref="ArtistState"/> is serialized (see <see cref="ArtistStateConverter"/>): its listeners packed
/// by <see cref="SortedCountsConverter"/>, the per-listener sequences as <see cref="PackedSequences"/>.
/// Field 3 is the sequences as they were stored before the packed form; it is read when present and never written.
/// </summary>
[GenerateSerializer, Alias("MusicRecs.ArtistState.Stored")]
public struct ArtistStateSurrogate
{
    [Id(0)] public int Index;

    [Id(1)] public string? Name;

    [Id(2)] public SortedCounts? Listeners;

    [Id(3)] public long[]? Sequences;

    [Id(4)] public byte[]? PackedSequences;
}
