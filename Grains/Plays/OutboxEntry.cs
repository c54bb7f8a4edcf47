namespace MusicRecs.Grains.Plays;

/// <summary>
/// Listener plays a user owes one artist (dense index): written in the same state write as the plays
/// themselves, and removed only once the artist has persisted them. <see cref="Sequence"/> numbers the
/// user's applied batches (one number per batch, shared by the batch's artists).
/// </summary>
public readonly record struct OutboxEntry(long Sequence, int Artist, float Count);
