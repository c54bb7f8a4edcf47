namespace MusicRecs.Grains.Plays;

/// <summary>What a user's applied-event window says of one (producer, sequence).</summary>
internal enum EventStatus
{
    /// <summary>Not applied before, as far as the window tells: apply it.</summary>
    Fresh,

    /// <summary>Remembered as applied: drop it.</summary>
    Duplicate,

    /// <summary>Below the producer's floor (its window overflowed): whether it was applied is forgotten, so it is rejected.</summary>
    TooOld,
}
