namespace MusicRecs.Client.Bench;

/// <summary><c>bench ingest --json</c>.</summary>
internal sealed record IngestBenchResult
{
    public required double PlaysPerSecond { get; init; }

    public required double FreshnessP50Ms { get; init; }

    public required double FreshnessP99Ms { get; init; }

    public required double FreshnessMaxMs { get; init; }

    public required long Plays { get; init; }

    public required long Events { get; init; }

    public required double Seconds { get; init; }

    public required double PublishSeconds { get; init; }

    public required double RequestedSeconds { get; init; }

    public required int Batch { get; init; }

    public required int InFlight { get; init; }

    public required int Probes { get; init; }

    public required int ProbesTimedOut { get; init; }

    public required double BackgroundPlaysPerSecond { get; init; }

    public required string StreamProvider { get; init; }

    public required string StreamName { get; init; }

    public required IReadOnlyList<string>? StreamQueues { get; init; }

    public required long? BacklogLimitPlays { get; init; }

    public required double? PublishPausedSeconds { get; init; }

    public required int ModelVersion { get; init; }

    public required int Users { get; init; }

    public required int Artists { get; init; }

    public required int Factors { get; init; }

    public required int ProcessorCount { get; init; }
}
