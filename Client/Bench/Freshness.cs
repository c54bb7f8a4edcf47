namespace MusicRecs.Client.Bench;

/// <summary>The freshness phase of <c>bench ingest</c>: sorted probe latencies in ms, probes not reflected in time, the background rate.</summary>
internal sealed record Freshness(List<double> Latencies, int TimedOut, double BackgroundPlaysPerSecond)
{
    public double P50 => Percentiles.Of(Latencies, 0.50);

    public double P99 => Percentiles.Of(Latencies, 0.99);
}
