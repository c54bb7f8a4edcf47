namespace MusicRecs.GrainInterfaces;

/// <summary>An external id to register, with a display name where the source has one.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.CatalogEntry")]
public sealed record CatalogEntry([property: Id(0)] string Id, [property: Id(1)] string? Name = null);
