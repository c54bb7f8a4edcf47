using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Plays;

/// <summary>
/// A batch sorted by <see cref="UserPlays.Check"/>: events to apply (first delivery of each (producer,
/// sequence)), events rejected as bad data, how many were already applied, and events too old to tell
/// (below their producer's floor, see <see cref="AppliedEvents"/>): rejected, never applied, never
/// counted as duplicates.
/// </summary>
public sealed record PlayCheck(IReadOnlyList<PlayEvent> Fresh, IReadOnlyList<PlayEvent> Rejected, int Duplicates)
{
    /// <summary>Events below their producer's floor: rejected as too old.</summary>
    public IReadOnlyList<PlayEvent> TooOld { get; init; } = [];

    /// <summary>Bad data that is not an event: a null event in the batch, or a missing batch or play list (counted once).</summary>
    public int Missing { get; init; }

    /// <summary>One line per bad-data rejection (<see cref="Rejected"/> and <see cref="Missing"/>), in batch order: where and why.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>All bad-data rejections: <see cref="Rejected"/> events plus <see cref="Missing"/> ones.</summary>
    public int RejectedCount => Rejected.Count + Missing;
}
