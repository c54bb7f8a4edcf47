namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Recommendations for each known user of the request, in request order; unknown users are listed apart.</summary>
public sealed record ManyRecommendationsResponse(IReadOnlyList<RecommendationsResponse> Results, IReadOnlyList<string> UnknownUsers);
