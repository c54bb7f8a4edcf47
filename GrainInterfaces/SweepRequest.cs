namespace MusicRecs.GrainInterfaces;

/// <summary>
/// One partition's share of a half-sweep: solve rows of <see cref="Side"/> in block <see cref="Block"/>
/// against the other side's snapshot <see cref="FixedVersion"/>, warm-started from this side's snapshot
/// <see cref="PreviousVersion"/> (0 = the seeded initial factors), and write them as <see cref="OutputVersion"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SweepRequest")]
public sealed record SweepRequest
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string RunId { get; init; }
    [Id(2)] public required string Side { get; init; }
    [Id(3)] public int Block { get; init; }
    [Id(4)] public int Rows { get; init; }
    [Id(5)] public int FixedRows { get; init; }
    [Id(6)] public int FixedVersion { get; init; }
    [Id(7)] public int PreviousVersion { get; init; }
    [Id(8)] public int OutputVersion { get; init; }
    [Id(9)] public required TrainingOptions Options { get; init; }
    [Id(10)] public bool ComputeLoss { get; init; }

    /// <summary>The run's last half-sweep of this side: the worker lets its training copy go once its block is written.</summary>
    [Id(11)] public bool Last { get; init; }
}
