namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Plays of one artist by one user, as they stream in. <see cref="Producer"/> with <see cref="Sequence"/>
/// identifies the event: a user grain applies each (producer, sequence) once, however often it is delivered.
/// Sequences of one producer rise for each user; the artist is an external id (registered on first play).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.PlayEvent")]
public sealed record PlayEvent(
    [property: Id(0)] string Artist,
    [property: Id(1)] float Count,
    [property: Id(2)] long Timestamp,
    [property: Id(3)] string Producer,
    [property: Id(4)] long Sequence);
