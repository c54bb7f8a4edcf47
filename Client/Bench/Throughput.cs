namespace MusicRecs.Client.Bench;

/// <summary>The sustained-rate phase of <c>bench ingest</c>: plays and events published, when publishing ended, when all were applied.</summary>
internal sealed record Throughput(long Plays, long Events, double PublishSeconds, double Seconds, Backlog? Backlog)
{
    public double PlaysPerSecond => Plays / Math.Max(Seconds, 1e-9);
}
