namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Recommendations for a basket folded in against the published artist factors (nothing stored).</summary>
public sealed record AnonymousResponse(int ModelVersion, string Source, IReadOnlyList<ScoredItem> Items, IReadOnlyList<string> UnknownArtists);
