namespace MusicRecs.Silo.Http.Contracts;

/// <summary>An artist with its score (recommendation score, cosine similarity, or 0 for a popularity answer).</summary>
public sealed record ScoredItem(string Artist, string Name, float Score);
