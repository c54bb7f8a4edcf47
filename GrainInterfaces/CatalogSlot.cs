namespace MusicRecs.GrainInterfaces;

/// <summary>One catalog row: the dense index assigned to an id, and its display name where known.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.CatalogSlot")]
public sealed record CatalogSlot([property: Id(0)] int Index, [property: Id(1)] string Id, [property: Id(2)] string? Name = null);
