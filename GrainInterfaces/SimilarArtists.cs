namespace MusicRecs.GrainInterfaces;

/// <summary>Artists closest to one artist by cosine of their factors.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SimilarArtists")]
public sealed record SimilarArtists(
    [property: Id(0)] string Artist,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] ImmutableArray<ScoredArtist> Artists);
