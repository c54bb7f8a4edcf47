namespace MusicRecs.GrainInterfaces;

/// <summary>A solved factor row, its share of the loss when asked, its number of observed cells, and the silo that solved it.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SolveResult")]
public sealed record SolveResult(
    [property: Id(0)] float[] Factor,
    [property: Id(1)] double LossTerm,
    [property: Id(2)] string Silo,
    [property: Id(3)] int Observations);
