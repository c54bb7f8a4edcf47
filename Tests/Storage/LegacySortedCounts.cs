namespace MusicRecs.Tests.Storage;

/// <summary>The stored shapes from before the packed form (same field ids and types), to show that states stored then still read.</summary>
[GenerateSerializer]
public sealed class LegacySortedCounts
{
    [Id(0)] public int[] Indexes { get; set; } = [];

    [Id(1)] public float[] Counts { get; set; } = [];

    [Id(2)] public long[] Latest { get; set; } = [];
}
