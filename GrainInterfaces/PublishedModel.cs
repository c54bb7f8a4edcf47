namespace MusicRecs.GrainInterfaces;

/// <summary>
/// The model version that queries serve: the user and artist factor snapshots of one completed run.
/// Every answer names its version and never mixes factors of two versions.
/// </summary>
[GenerateSerializer, Immutable, Alias("MusicRecs.PublishedModel")]
public sealed record PublishedModel
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public int Version { get; init; }
    [Id(2)] public required string RunId { get; init; }
    [Id(3)] public int UserSnapshot { get; init; }
    [Id(4)] public int ArtistSnapshot { get; init; }
    [Id(5)] public int Users { get; init; }
    [Id(6)] public int Artists { get; init; }
    [Id(7)] public required TrainingOptions Options { get; init; }
    [Id(8)] public DateTimeOffset Published { get; init; }

    /// <summary>The most-listened artists (by distinct listeners), for users without a usable factor.</summary>
    [Id(9)] public ImmutableArray<int> Popular { get; init; } = [];

    /// <summary>When the run that produced this version started: plays changed after it may be missing from it.</summary>
    [Id(10)] public DateTimeOffset RunStarted { get; init; }
}
