using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Cluster;

/// <summary>An artist's stored state; serialized by <see cref="Storage.Packed.ArtistStateConverter"/>.</summary>
[Alias("MusicRecs.ArtistState")]
public sealed class ArtistState
{
    public int Index { get; set; } = -1;

    public string? Name { get; set; }

    /// <summary>Plays per listener (user index). Large for popular artists, hence blob storage.</summary>
    public SortedCounts Listeners { get; set; } = new();

    /// <summary>Per listener (aligned with <see cref="Listeners"/>), the last outbox entry applied from that user.</summary>
    public long[] Sequences { get; set; } = [];
}
