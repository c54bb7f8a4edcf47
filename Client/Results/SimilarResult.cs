namespace MusicRecs.Client.Results;

/// <summary><c>similar --json</c>.</summary>
internal sealed record SimilarResult(string Artist, string Name, int Listeners, double TotalPlays, int ModelVersion, string Source, ScoredArtistResult[] Artists);
