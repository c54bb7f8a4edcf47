namespace MusicRecs.GrainInterfaces;

/// <summary>
/// An answer of <see cref="IModelDeltaGrain.Since"/>: the updates and the epoch of the delta grain's activation
/// that numbered them. Sequence numbers compare only within one epoch (a new activation starts again at 1).
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.ArtistUpdates")]
public sealed record ArtistUpdates(
    [property: Id(0)] long Epoch,
    [property: Id(1)] ImmutableArray<ArtistUpdate> Updates);
