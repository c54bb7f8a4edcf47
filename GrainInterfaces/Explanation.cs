namespace MusicRecs.GrainInterfaces;

/// <summary>Why an artist scores what it does for a user: the played artists that contributed most (HKV section 5).</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.Explanation")]
public sealed record Explanation(
    [property: Id(0)] string User,
    [property: Id(1)] string Artist,
    [property: Id(2)] int ModelVersion,
    [property: Id(3)] float Score,
    [property: Id(4)] ImmutableArray<Contribution> Contributions);
