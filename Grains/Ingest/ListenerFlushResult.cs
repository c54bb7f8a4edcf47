namespace MusicRecs.Grains.Ingest;

/// <summary>What one flush of a silo's listener buffer did: changes the artists persisted, and changes kept for the next flush because their artist call failed.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ListenerFlushResult")]
public readonly record struct ListenerFlushResult([property: Id(0)] int Sent, [property: Id(1)] int Undelivered);
