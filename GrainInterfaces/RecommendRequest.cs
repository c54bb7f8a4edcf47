namespace MusicRecs.GrainInterfaces;

/// <summary>
/// What to recommend: <see cref="Count"/> artists, played ones excluded unless <see cref="IncludePlayed"/>,
/// never any in <see cref="Exclude"/>, and only from <see cref="RestrictTo"/> when it is not empty (artist ids).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.RecommendRequest")]
public sealed record RecommendRequest
{
    [Id(0)] public int Count { get; init; } = 10;
    [Id(1)] public bool IncludePlayed { get; init; }
    [Id(2)] public ImmutableArray<string> Exclude { get; init; } = [];
    [Id(3)] public ImmutableArray<string> RestrictTo { get; init; } = [];
}
