using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Ingest;

/// <summary>One listener change held by the <see cref="ListenerBuffer"/> for an artist (by dense index).</summary>
public readonly record struct ListenerChange(int Artist, ListenerPlay Play);
