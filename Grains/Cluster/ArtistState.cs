using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Cluster;

[GenerateSerializer, Alias("MusicRecs.ArtistState")]
public sealed class ArtistState
{
    [Id(0)] public int Index { get; set; } = -1;

    [Id(1)] public string? Name { get; set; }

    /// <summary>Plays per listener (user index). Large for popular artists, hence blob storage.</summary>
    [Id(2)] public SortedCounts Listeners { get; set; } = new();

    /// <summary>Per listener (aligned with <see cref="Listeners"/>), the last outbox entry applied from that user.</summary>
    [Id(3)] public long[] Sequences { get; set; } = [];
}
