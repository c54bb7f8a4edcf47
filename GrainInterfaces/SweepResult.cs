namespace MusicRecs.GrainInterfaces;

/// <summary>What one partition's share of a half-sweep did.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.SweepResult")]
public sealed record SweepResult
{
    [Id(0)] public int Rows { get; init; }
    [Id(1)] public double LossSum { get; init; }
    [Id(2)] public double SquaredNorm { get; init; }
    [Id(3)] public int Calls { get; init; }
    [Id(4)] public int CrossSiloCalls { get; init; }
    [Id(5)] public double Seconds { get; init; }
    [Id(6)] public required string Silo { get; init; }

    /// <summary>The block's rows with the most observations (artists by distinct listeners), most first.</summary>
    [Id(7)] public ImmutableArray<int> Popular { get; init; } = [];

    [Id(8)] public ImmutableArray<int> PopularCounts { get; init; } = [];

    /// <summary>
    /// X_b^T X_b of the rows this partition wrote, in double (stride x stride, upper triangle; empty for the
    /// artist side): the orchestrator adds the partitions' sums into the Gramian of the artist half-sweep.
    /// </summary>
    [Id(9)] public ImmutableArray<double> Gramian { get; init; } = [];

    /// <summary>Bytes of factor rows this partition moved through grain calls: snapshot loads it caused, out-block fetches, its warm start and its block write.</summary>
    [Id(10)] public long FactorBytes { get; init; }
}
