namespace MusicRecs.GrainInterfaces;

/// <summary>Top artists for a user, with the model version and the source that produced them.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.Recommendations")]
public sealed record Recommendations(
    [property: Id(0)] string User,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] RecommendationSource Source,
    [property: Id(3)] ImmutableArray<ScoredArtist> Artists);
