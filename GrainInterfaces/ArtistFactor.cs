namespace MusicRecs.GrainInterfaces;

/// <summary>An artist's refreshed factor (k components), before the delta grain numbers it.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ArtistFactor")]
public sealed record ArtistFactor(
    [property: Id(0)] int Artist,
    [property: Id(1)] float[] Factor);
