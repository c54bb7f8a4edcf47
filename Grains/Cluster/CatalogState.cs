namespace MusicRecs.Grains.Cluster;

/// <summary>Ids in index order (index = position) and their names.</summary>
[GenerateSerializer, Alias("MusicRecs.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public List<string> Ids { get; set; } = [];

    [Id(1)] public List<string?> Names { get; set; } = [];
}
