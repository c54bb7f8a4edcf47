namespace MusicRecs.GrainInterfaces;

[GenerateSerializer, Immutable, Alias("MusicRecs.ArtistInfo")]
public sealed record ArtistInfo(
    [property: Id(0)] string Artist,
    [property: Id(1)] int Index,
    [property: Id(2)] string Name,
    [property: Id(3)] int Listeners,
    [property: Id(4)] double TotalPlays);
