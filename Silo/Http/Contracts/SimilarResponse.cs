namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Artists closest to one artist by cosine of their factors.</summary>
public sealed record SimilarResponse(string Artist, int ModelVersion, IReadOnlyList<ScoredItem> Items);
