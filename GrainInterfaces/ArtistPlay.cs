namespace MusicRecs.GrainInterfaces;

/// <summary>Plays of one artist (dense index) by a user; <see cref="LastPlayed"/> is unix seconds, 0 when unknown.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ArtistPlay")]
public sealed record ArtistPlay([property: Id(0)] int Artist, [property: Id(1)] float Count, [property: Id(2)] long LastPlayed = 0);
