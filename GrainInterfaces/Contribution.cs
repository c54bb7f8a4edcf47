namespace MusicRecs.GrainInterfaces;

/// <summary>How much one played artist contributed to a score, and its share of the score.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.Contribution")]
public sealed record Contribution(
    [property: Id(0)] string Artist,
    [property: Id(1)] string Name,
    [property: Id(2)] float Amount,
    [property: Id(3)] float Share);
