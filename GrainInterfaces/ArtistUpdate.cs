namespace MusicRecs.GrainInterfaces;

/// <summary>A refreshed (or newly folded-in) artist factor of one published model version, in publication order.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ArtistUpdate")]
public sealed record ArtistUpdate(
    [property: Id(0)] int Artist,
    [property: Id(1)] float[] Factor,
    [property: Id(2)] long Sequence);
