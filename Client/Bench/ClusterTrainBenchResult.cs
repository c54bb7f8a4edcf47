namespace MusicRecs.Client.Bench;

/// <summary><c>bench train --cluster --json</c>: the cluster run beside the single-process one.</summary>
internal sealed record ClusterTrainBenchResult
{
    public required double PerIterationMsMedian { get; init; }

    public required double SingleProcessPerIterationMsMedian { get; init; }

    public required double Ratio { get; init; }

    public required int Silos { get; init; }

    public required bool PerRowCalls { get; init; }

    public required double CrossSiloCallShare { get; init; }

    public required int SweepGrainCalls { get; init; }

    /// <summary>Bytes of factor rows that crossed grain calls per iteration (median over iterations): snapshot loads per silo, out-block fetches, block reads and writes.</summary>
    public required double FactorBytesMovedPerIteration { get; init; }

    public required double FitSeconds { get; init; }

    public required double SingleProcessFitSeconds { get; init; }

    public required double FinalLoss { get; init; }

    public required double? SingleProcessFinalLoss { get; init; }

    public required double[] PerIterationMs { get; init; }

    public required double ImportPlaysPerSecond { get; init; }

    public required double ImportSeconds { get; init; }

    public required double SiloMemoryBytesPerGrainAfterImport { get; init; }

    public required long SiloMemoryBytesAfterTraining { get; init; }

    public required int Users { get; init; }

    public required int Artists { get; init; }

    public required int Nonzeros { get; init; }

    public required int Factors { get; init; }

    public required string Solver { get; init; }

    public required int Iterations { get; init; }

    /// <summary>Each silo process's peak resident set (VmHWM), read just before it is stopped.</summary>
    public required long[] SiloPeakMemoryBytes { get; init; }

    /// <summary>The single-process trainer's peak resident set on the same data and options, run as a child process.</summary>
    public required long SingleProcessPeakMemoryBytes { get; init; }

    /// <summary>Bytes of factor rows each silo holds at the end of training (snapshot cache, factor blocks, user rows).</summary>
    public required long[] SiloFactorBytes { get; init; }
}
