namespace MusicRecs.Grains.Hosting;

/// <summary><c>MusicRecs:Bench</c>: whether this silo hosts the benchmark grains (off: anyone reaching the gateway could start millions of queries).</summary>
public sealed class BenchOptions
{
    public const string SectionName = "MusicRecs:Bench";

    /// <summary>Hosts <c>IQueryBenchGrain</c>; set only by the silos the bench commands start.</summary>
    public bool Enabled { get; set; }
}
