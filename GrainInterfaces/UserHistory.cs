namespace MusicRecs.GrainInterfaces;

/// <summary>What a user grain holds: its dense index (-1 before its first play) and plays by artist index.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.UserHistory")]
public sealed record UserHistory(
    [property: Id(0)] string User,
    [property: Id(1)] int Index,
    [property: Id(2)] ImmutableArray<ArtistPlay> Plays);
