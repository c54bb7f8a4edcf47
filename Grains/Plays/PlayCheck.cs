using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// A streamed batch sorted by <see cref="UserPlays.Check"/>: events to apply (first delivery of each
/// (producer, sequence)), events rejected as bad data, and how many were already applied.
/// </summary>
public sealed record PlayCheck(IReadOnlyList<PlayEvent> Fresh, IReadOnlyList<PlayEvent> Rejected, int Duplicates);
