namespace MusicRecs.GrainInterfaces;

/// <summary>Plays of an artist by one listener (dense user index).</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ListenerPlay")]
public sealed record ListenerPlay([property: Id(0)] int User, [property: Id(1)] float Count);
