namespace MusicRecs.Client.Bench;

/// <summary><c>bench query --json</c>.</summary>
internal sealed record QueryBenchResult
{
    public required double P50Us { get; init; }

    public required double P99Us { get; init; }

    public required double MeanUs { get; init; }

    public required double QueriesPerSecond { get; init; }

    public required double ParallelP50Us { get; init; }

    public required double ParallelP99Us { get; init; }

    public required int Callers { get; init; }

    public required double SimilarP50Us { get; init; }

    public required double SimilarP99Us { get; init; }

    public required double ExplainP50Us { get; init; }

    public required double ExplainP99Us { get; init; }

    public required int Queries { get; init; }

    public required int Count { get; init; }

    public required int SampledUsers { get; init; }

    public required int SampledArtists { get; init; }

    public required int ModelAnswers { get; init; }

    public required int Failures { get; init; }

    public required int ModelVersion { get; init; }

    public required int Users { get; init; }

    public required int Artists { get; init; }

    public required int Factors { get; init; }

    public required int ProcessorCount { get; init; }

    public required string ScoringKernel { get; init; }
}
