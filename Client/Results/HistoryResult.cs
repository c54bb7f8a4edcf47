namespace MusicRecs.Client.Results;

/// <summary><c>history --json</c>.</summary>
internal sealed record HistoryResult(string User, int Index, int ArtistCount, double TotalPlays, HistoryArtistResult[] Artists);
