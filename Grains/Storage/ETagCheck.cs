namespace MusicRecs.Grains.Storage;

/// <summary>
/// The answer of a <see cref="ICopiedStateStoreGrain"/> write or clear: whether the caller's ETag matched, and the
/// ETag stored now. A mismatch is answered, not thrown: Orleans deactivates a grain that throws an
/// <see cref="Orleans.Storage.InconsistentStateException"/>, and the shard would lose every state it holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ETagCheck")]
public sealed record ETagCheck([property: Id(0)] bool Matched, [property: Id(1)] string? ETag);
