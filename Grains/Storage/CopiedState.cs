namespace MusicRecs.Grains.Storage;

/// <summary>A state as <see cref="CopyingMemoryGrainStorage"/> keeps it: a copy made by the Orleans copier, and its ETag.</summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.CopiedState")]
public sealed record CopiedState([property: Id(0)] object State, [property: Id(1)] string ETag);
