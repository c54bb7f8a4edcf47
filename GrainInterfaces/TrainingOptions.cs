namespace MusicRecs.GrainInterfaces;

/// <summary>ALS options as they travel between client and grains (mirrors the math library's options).</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.TrainingOptions")]
public sealed record TrainingOptions
{
    [Id(0)] public int Factors { get; init; } = 64;
    [Id(1)] public int Iterations { get; init; } = 15;
    [Id(2)] public float Regularization { get; init; } = 150f;
    [Id(3)] public float Alpha { get; init; } = 6f;
    /// <summary>Field 4 carried the scheme as a string before; a new id, so a stored run of that form reads with the default.</summary>
    [Id(13)] public TrainingScheme Scheme { get; init; } = TrainingScheme.Log;
    [Id(5)] public float Epsilon { get; init; } = 1f;
    /// <summary>Field 6 carried the solver as a string before (see <see cref="Scheme"/>).</summary>
    [Id(14)] public TrainingSolver Solver { get; init; } = TrainingSolver.ConjugateGradient;
    [Id(7)] public int CgSteps { get; init; } = 3;
    [Id(8)] public int Seed { get; init; } = 42;
    [Id(9)] public float InitScale { get; init; } = 0.01f;

    /// <summary>Calls in flight per partition worker while it gathers (or, per row, solves) its members.</summary>
    [Id(10)] public int Concurrency { get; init; } = 256;

    /// <summary>
    /// false (default): each partition worker gathers its members' observations once per run and solves
    /// its whole block per half-sweep. true: every half-sweep asks each member grain to solve its own row
    /// (one grain call per row; measured several times slower, kept for comparison).
    /// </summary>
    [Id(11)] public bool PerRowCalls { get; init; }

    /// <summary>Listeners an artist unknown to the published model needs before it gets a folded-in factor.</summary>
    [Id(12)] public int NewArtistMinListeners { get; init; } = 3;
}
