namespace MusicRecs.Client.Results;

/// <summary>One played artist of a user's history.</summary>
internal sealed record HistoryArtistResult(string Artist, string Name, float Plays, long LastPlayed);
