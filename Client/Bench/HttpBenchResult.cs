namespace MusicRecs.Client.Bench;

/// <summary><c>bench http --json</c>.</summary>
internal sealed record HttpBenchResult
{
    public required double HttpP50Us { get; init; }

    public required double HttpP99Us { get; init; }

    public required double HttpMeanUs { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double ParallelP50Us { get; init; }

    public required double ParallelP99Us { get; init; }

    public required int Concurrency { get; init; }

    public required double InSiloP50Us { get; init; }

    public required double InSiloP99Us { get; init; }

    public required int Requests { get; init; }

    public required int Count { get; init; }

    public required int SampledUsers { get; init; }

    public required long Failures { get; init; }

    public required int ModelVersion { get; init; }

    public required int Users { get; init; }

    public required int Artists { get; init; }

    public required int Factors { get; init; }

    public required int ProcessorCount { get; init; }

    /// <summary>Seconds of warm-up before the timing (<see cref="HttpWarmup"/>).</summary>
    public required double WarmupSeconds { get; init; }

    public required int WarmupRounds { get; init; }

    /// <summary>The JIT's compilation time over the wall time of the last warm-up round (silo and client together).</summary>
    public required double WarmupJitShare { get; init; }
}
