namespace MusicRecs.Client.Results;

/// <summary><c>replay --json</c>: what was published, and how fast.</summary>
internal sealed record ReplayResult(long Plays, long Events, int Users, double Seconds, double PlaysPerSecond, double EventsPerSecond, int Batch, double? Rate, long BadRows, string Producer);
