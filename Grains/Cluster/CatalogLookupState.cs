namespace MusicRecs.Grains.Cluster;

/// <summary>The index of every id of one lookup partition.</summary>
[GenerateSerializer, Alias("MusicRecs.CatalogLookupState")]
public sealed class CatalogLookupState
{
    [Id(0)] public Dictionary<string, int> Indexes { get; set; } = [];
}
