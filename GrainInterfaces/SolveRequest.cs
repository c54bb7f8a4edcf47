namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Asks a user (or artist) grain for its least-squares step against the other side's snapshot
/// <see cref="FixedVersion"/> of run <see cref="RunId"/>, warm-started from <see cref="Start"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SolveRequest")]
public sealed record SolveRequest
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string RunId { get; init; }
    [Id(2)] public int FixedVersion { get; init; }
    [Id(3)] public int FixedRows { get; init; }
    [Id(4)] public required TrainingOptions Options { get; init; }
    [Id(5)] public required float[] Start { get; init; }
    [Id(6)] public bool ComputeLoss { get; init; }
}
