namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Plays of one artist by a user; last_played is null when the source had no time.</summary>
public sealed record HistoryItem(string Artist, string Name, float Count, DateTimeOffset? LastPlayed);
