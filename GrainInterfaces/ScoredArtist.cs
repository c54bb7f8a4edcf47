namespace MusicRecs.GrainInterfaces;

[GenerateSerializer, Immutable, Alias("MusicRecs.ScoredArtist")]
public sealed record ScoredArtist(
    [property: Id(0)] string Artist,
    [property: Id(1)] string Name,
    [property: Id(2)] float Score);
