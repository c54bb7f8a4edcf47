namespace MusicRecs.GrainInterfaces;

/// <summary>One stream event: a batch of plays of one user (the stream key), sent together to keep event counts low.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.PlayBatch")]
public sealed record PlayBatch(
    [property: Id(0)] string User,
    [property: Id(1)] ImmutableArray<PlayEvent> Plays);
