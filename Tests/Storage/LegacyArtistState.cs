namespace MusicRecs.Tests.Storage;

/// <summary>An artist's state as stored before the packed form (see <see cref="LegacySortedCounts"/>).</summary>
[GenerateSerializer]
public sealed class LegacyArtistState
{
    [Id(0)] public int Index { get; set; } = -1;

    [Id(1)] public string? Name { get; set; }

    [Id(2)] public LegacySortedCounts Listeners { get; set; } = new();

    [Id(3)] public long[] Sequences { get; set; } = [];
}
