namespace MusicRecs.Client.Results;

/// <summary><c>replay --json</c>: what was published, and how fast; the producer the plays were numbered under, the row limit, and publishes retried.</summary>
internal sealed record ReplayResult(long Plays, long Events, int Users, double Seconds, double PlaysPerSecond, double EventsPerSecond, int Batch, double? Rate, long BadRows, string Producer)
{
    /// <summary>Rows sent at most (--limit), null for the whole file.</summary>
    public long? Limit { get; init; }

    /// <summary>Publishes repeated after a transient failure.</summary>
    public long Retries { get; init; }
}
