namespace MusicRecs.Client.Bench;

/// <summary><c>bench train --json</c>: the single-process trainer's timings.</summary>
internal sealed record TrainBenchResult
{
    public required double PerIterationMsMedian { get; init; }

    public required double FitSeconds { get; init; }

    public required double FinalLoss { get; init; }

    public required double[] PerIterationMs { get; init; }

    public required double LossMsMedian { get; init; }

    public required int Users { get; init; }

    public required int Artists { get; init; }

    public required int Nonzeros { get; init; }

    public required int Factors { get; init; }

    public required string Solver { get; init; }

    public required int Threads { get; init; }

    public required int Iterations { get; init; }

    public required int SimdWidthFloats { get; init; }

    public required int ProcessorCount { get; init; }
}
