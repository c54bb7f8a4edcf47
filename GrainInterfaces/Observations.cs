namespace MusicRecs.GrainInterfaces;

/// <summary>A row's observed cells: other-side dense indexes (sorted) and their play counts.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.Observations")]
public sealed record Observations(
    [property: Id(0)] int Index,
    [property: Id(1)] int[] Indexes,
    [property: Id(2)] float[] Counts);
