namespace MusicRecs.Silo;

/// <summary><c>MusicRecs:Bench</c>: whether this silo hosts the benchmark grains (the bench commands start their silos with it on).</summary>
public sealed class BenchSettings
{
    /// <summary>Off by default: a production silo does not run benchmarks for whoever reaches its gateway.</summary>
    public bool Enabled { get; set; }
}
