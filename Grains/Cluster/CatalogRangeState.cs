namespace MusicRecs.Grains.Cluster;

/// <summary>Ids and names of one range partition, in index order from the partition's first index.</summary>
[GenerateSerializer, Alias("MusicRecs.CatalogRangeState")]
public sealed class CatalogRangeState
{
    /// <summary>Index of <c>Ids[0]</c>: partition number times rows per partition.</summary>
    [Id(0)] public int First { get; set; }

    [Id(1)] public List<string> Ids { get; set; } = [];

    [Id(2)] public List<string?> Names { get; set; } = [];
}
