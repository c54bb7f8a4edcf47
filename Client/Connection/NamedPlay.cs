namespace MusicRecs.Client.Connection;

/// <summary>A played artist with its external id and display name.</summary>
internal sealed record NamedPlay(string Artist, string Name, float Count, long LastPlayed);
