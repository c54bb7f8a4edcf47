namespace MusicRecs.GrainInterfaces;

/// <summary>Where a model's training stands: phase, iteration, loss per completed iteration, timings.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.TrainingStatus")]
public sealed record TrainingStatus
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public string RunId { get; init; } = "";
    [Id(2)] public TrainingPhase Phase { get; init; }
    [Id(3)] public int Iteration { get; init; }
    [Id(4)] public int Iterations { get; init; }
    [Id(5)] public int HalfSweepsDone { get; init; }
    [Id(6)] public ImmutableArray<double> Losses { get; init; } = [];
    [Id(7)] public ImmutableArray<double> IterationSeconds { get; init; } = [];
    [Id(8)] public DateTimeOffset? Started { get; init; }
    [Id(9)] public DateTimeOffset? Finished { get; init; }
    [Id(10)] public int PublishedVersion { get; init; }
    [Id(11)] public string? Error { get; init; }
    [Id(12)] public int Users { get; init; }
    [Id(13)] public int Artists { get; init; }
    [Id(14)] public TrainingOptions? Options { get; init; }
    [Id(15)] public int CrossSiloCalls { get; init; }
    [Id(16)] public int SolveCalls { get; init; }
    [Id(17)] public int Resumes { get; init; }

    /// <summary>Bytes of factor rows that crossed grain calls in each completed iteration (snapshot loads, out-block fetches, block reads and writes).</summary>
    [Id(18)] public ImmutableArray<long> IterationFactorBytes { get; init; } = [];

    public bool IsRunning => Phase is TrainingPhase.UserSweep or TrainingPhase.ArtistSweep or TrainingPhase.Publishing;
}
