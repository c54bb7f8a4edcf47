namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Plays of an artist by one listener (dense user index). <see cref="Sequence"/> is the number of the
/// user's outbox entry that owes them (1, 2, ... per user): an artist applies each (user, sequence) once,
/// so a resent entry is harmless; 0 means unnumbered (applied as it comes). A live update carries the
/// listener's folded-in factor (k floats), so the artist can refresh its own factor against it; with a
/// count of 0 it carries only that factor (the listener played other artists). A value type: a flush
/// sends thousands of them in arrays, with no object per entry.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ListenerPlay")]
public readonly record struct ListenerPlay(
    [property: Id(0)] int User,
    [property: Id(1)] float Count,
    [property: Id(2)] float[]? Factor = null,
    [property: Id(3)] long Sequence = 0);
