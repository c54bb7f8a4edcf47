namespace MusicRecs.Grains.Plays;

/// <summary>
/// Listener plays a user owes one artist: written in the same state write as the plays themselves, and
/// removed only once the artist has persisted them. <see cref="Sequence"/> numbers the user's applied
/// batches (one number per batch, shared by the batch's artists).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.OutboxEntry")]
public readonly record struct OutboxEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] int Artist,
    [property: Id(2)] string ArtistId,
    [property: Id(3)] float Count);
